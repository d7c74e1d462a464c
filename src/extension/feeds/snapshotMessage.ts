/** The `snapshot` message of a directory read, with the run view at the moment it is sent. */
import type { RunView, SnapshotMessage } from '../../shared/protocol';
import type { DirectoryRead } from './runDirState';

export function snapshotMessage(run: RunView, read: DirectoryRead): SnapshotMessage {
  const { metrics, quality, events, histograms, sampleSteps, samples } = read;
  return { type: 'snapshot', payload: { run, metrics, quality, events, histograms, sampleSteps, samples } };
}
