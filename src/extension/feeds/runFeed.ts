/**
 * A feed gives one view one run: a snapshot when the view asks for one, then the increments after
 * it, as host → webview messages. `LiveFeed` folds the messages of a trainer this window runs (IPC);
 * `DiskFeed` tails the files of a run directory another process writes. Both emit the same messages,
 * in one ordered stream, the snapshots included. Pure Node (no `vscode`).
 */
import type { Experiment } from '../../shared/experiment/schema';
import type { HostToWebview, RunView, SamplesShownMessage, SnapshotMessage, TrainerToHost } from '../../shared/protocol';
import type { RunMeta } from '../../shared/runFormat';
import type { Disposable, Listener } from './feedEmitter';

export type SnapshotPayload = SnapshotMessage['payload'];

/** What a feed needs of a run trained in this window (`LiveRun` is one). */
export interface LiveSource {
  readonly runDir: string | undefined;
  readonly meta: RunMeta | undefined;
  readonly config: Experiment | undefined;
  readonly phase: string;
  readonly live: boolean;
  readonly error: string | undefined;
  readonly experimentName: string;
  readonly experimentFile: { readonly fsPath: string };
  /** Fires after each state change with the trainer message that caused it (undefined: a phase change). */
  onDidChange(listener: Listener<TrainerToHost | undefined>): Disposable;
}

export interface RunFeed<R extends LiveSource = LiveSource> extends Disposable {
  readonly runDir: string | undefined;
  /** The run training in this window, when the feed follows one. */
  readonly liveRun: R | undefined;
  view(): RunView;
  /**
   * Emits a `snapshot` message, then only increments over it. A request made while a snapshot is
   * being read joins it: the view gets one snapshot, never records twice. Resolves once emitted.
   */
  requestSnapshot(): Promise<void>;
  /** The samples recorded at `step` (a view asked for them); not emitted, the caller answers. */
  samplesAt(step: number): Promise<SamplesShownMessage | undefined>;
  /** Every message for the view: snapshots and increments, in order. */
  onMessage(listener: Listener<HostToWebview>): Disposable;
}

export interface FeedOptions {
  /** Metric records in a snapshot at most (thinned evenly beyond). */
  metricsLimit: number;
  /** Whether image records carry their nearest training images (the dashboard shows them; the side view does not). */
  withNearest: boolean;
}
