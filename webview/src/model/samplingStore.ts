/** The run's sampling results as the host last sent them: every id (newest first) and the one shown. */
import type { SamplingShownMessage, ShownSampling } from '../../../src/shared/protocol';

export class SamplingStore {
  ids: string[] = [];
  shown: ShownSampling | null = null;
  /**
   * False only while the host's answer is on its way: after a snapshot of a run with a directory
   * (the host answers every such snapshot with the run's results). Until the first snapshot the card
   * says it is loading, as the whole page does.
   */
  loaded = false;
  /** The id the view asked for, until the host's answer arrives. */
  pending: string | null = null;

  /** A snapshot came: the results follow when the run has a directory; without one there is nothing to load. */
  snapshot(runDir: string | undefined): void {
    if (runDir) {
      // A reload of the same run keeps what is shown until the answer replaces it.
      this.loaded = this.shown !== null;
      return;
    }
    this.ids = [];
    this.shown = null;
    this.loaded = true;
    this.pending = null;
  }

  apply(payload: SamplingShownMessage['payload']): void {
    this.ids = [...payload.ids];
    this.shown = payload.shown;
    this.loaded = true;
    this.pending = null;
  }
}
