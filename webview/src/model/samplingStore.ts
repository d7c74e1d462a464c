/** The run's sampling results as the host last sent them: every id (newest first) and the one shown. */
import type { SamplingShownMessage, ShownSampling } from '../../../src/shared/protocol';

export class SamplingStore {
  ids: string[] = [];
  shown: ShownSampling | null = null;
  /** True once the host answered (until then the card says it is loading). */
  loaded = false;
  /** The id the view asked for, until the host's answer arrives. */
  pending: string | null = null;

  apply(payload: SamplingShownMessage['payload']): void {
    this.ids = [...payload.ids];
    this.shown = payload.shown;
    this.loaded = true;
    this.pending = null;
  }
}
