/**
 * The training status bar's text: `$(pulse) GAN ring8 3,200/20,000 · 145 steps/s` while training,
 * the phase while queued or starting, "paused", and how many other runs are live. Pure (no vscode
 * import), so the unit tests check it against the dashboard header's speed.
 */
import { formatSpeed, SpeedWindow } from '../../shared/trainingSpeed';
import type { LiveRun } from '../trainingRuns/liveRun';

/** What the text reads of a live run. */
export type StatusRun = Pick<LiveRun, 'meta' | 'lastMetrics' | 'phase' | 'experimentName'>;

/** `speed`: the run's SpeedWindow; without one, the speed of its newest record alone (the trainer's figure). */
export function statusText(run: StatusRun, others: number, speed?: SpeedWindow): string {
  const meta = run.meta;
  const metrics = run.lastMetrics;
  const icon = run.phase === 'paused' ? '$(debug-pause)' : '$(pulse)';
  let text = `${icon} GAN ${run.experimentName}`;
  if (run.phase === 'queued' || run.phase === 'starting') text += ` ${run.phase}`;
  else if (meta) text += ` ${meta.lastStep.toLocaleString('en-US')}/${meta.totalSteps.toLocaleString('en-US')}`;
  if (metrics && run.phase === 'running') {
    const meter = speed ?? new SpeedWindow();
    if (!speed) meter.add(metrics);
    const stepsPerSecond = meter.speed();
    if (stepsPerSecond !== null) text += ` · ${formatSpeed(stepsPerSecond)}`;
  }
  if (run.phase === 'paused') text += ' · paused';
  if (others > 0) text += ` (+${others})`;
  return text;
}
