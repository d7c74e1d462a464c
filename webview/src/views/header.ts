/**
 * The dashboard header: experiment, run id, phase badge, progress (step/total, bar, steps/s,
 * elapsed, ETA, backend), the run's quality headline (its result once it has ended, in the words
 * of src/shared/qualityHeadline.ts) and the run's buttons. Stop, Pause/Resume and Sample Now need a
 * live run; Resume From Checkpoint is offered for a run that ended before its last step (stopped,
 * failed, diverged); the open buttons work for any run.
 */
import type { RunActionMessage, RunView } from '../../../src/shared/protocol';
import { qualityHeadline } from '../../../src/shared/qualityHeadline';
import type { QualityRecord } from '../../../src/shared/runFormat';
import type { MetricColumns } from '../logic/metricColumns';
import { formatSpeed } from '../../../src/shared/trainingSpeed';
import { computeProgress } from '../logic/progress';
import { formatDuration, formatInteger } from '../logic/format';
import { button, h, setText } from '../ui/dom';

type Action = RunActionMessage['payload']['action'];

/** Phases of a run that ended before its last step. */
const RESUMABLE: ReadonlySet<string> = new Set(['stopped', 'failed', 'diverged']);

export class HeaderView {
  readonly root: HTMLElement;
  private readonly title = h('h1', { class: 'gw-title' }, 'GAN run');
  private readonly runId = h('span', { class: 'gw-run-id' });
  private readonly badge = h('span', { class: 'gw-badge' }, 'loading');
  private readonly bar = h('div');
  private readonly step = h('b');
  private readonly speed = h('b');
  private readonly elapsed = h('b');
  private readonly eta = h('b');
  private readonly backend = h('b');
  /** "result" once the run has ended, "quality" while it trains; hidden without a quality record. */
  private readonly resultLabel = h('span', {}, 'result');
  private readonly result = h('b', { class: 'gw-result' });
  private readonly resultStat = h('span', { class: 'gw-result-stat' }, this.resultLabel, ' ', this.result);
  private readonly stop: HTMLButtonElement;
  private readonly resumeCheckpoint: HTMLButtonElement;
  private readonly pauseResume: HTMLButtonElement;
  private readonly sampleNow: HTMLButtonElement;
  private readonly openExperiment: HTMLButtonElement;
  private readonly openFolder: HTMLButtonElement;
  private phase = '';

  constructor(onAction: (action: Action) => void) {
    this.stop = button('Stop', () => onAction('stop'), { title: 'Finish the current step, save a checkpoint and stop' });
    this.pauseResume = button('Pause', () => onAction(this.phase === 'paused' ? 'resume' : 'pause'));
    this.resumeCheckpoint = button('Resume From Checkpoint', () => onAction('resumeFromCheckpoint'), {
      title: 'Continue this run from its latest checkpoint, in its own folder; the dashboard follows it',
    });
    this.sampleNow = button('Sample Now', () => onAction('sampleNow'), { class: 'secondary', title: 'Record samples and histograms now' });
    this.openExperiment = button('Open Experiment File', () => onAction('openExperiment'), { class: 'secondary' });
    this.openFolder = button('Open Run Folder', () => onAction('openRunFolder'), { class: 'secondary' });
    const stat = (label: string, value: HTMLElement) => h('span', {}, `${label} `, value);
    this.root = h(
      'header',
      { class: 'gw-header' },
      h(
        'div',
        { class: 'gw-title-row' },
        this.title,
        this.runId,
        this.badge,
        h('span', { class: 'gw-spacer' }),
        h(
          'div',
          { class: 'gw-actions' },
          this.resumeCheckpoint,
          this.pauseResume,
          this.stop,
          this.sampleNow,
          this.openExperiment,
          this.openFolder,
        ),
      ),
      h('div', { class: 'gw-progress', role: 'progressbar', 'aria-label': 'training progress' }, this.bar),
      h(
        'div',
        { class: 'gw-stats' },
        stat('step', this.step),
        stat('speed', this.speed),
        stat('elapsed', this.elapsed),
        stat('ETA', this.eta),
        stat('backend', this.backend),
        this.resultStat,
      ),
    );
    this.update(null, null);
  }

  update(run: RunView | null, columns: MetricColumns | null, now = Date.now(), quality: QualityRecord | null = null): void {
    const phase = run?.phase ?? 'loading';
    this.phase = phase;
    setText(this.title, run?.experimentName || 'GAN run');
    setText(this.runId, run?.runId ?? '');
    setText(this.badge, phase);
    this.badge.className = `gw-badge ${phase}`;
    const live = run?.live === true;
    this.stop.disabled = !live || phase === 'stopping';
    this.pauseResume.disabled = !live || (phase !== 'running' && phase !== 'paused');
    setText(this.pauseResume, phase === 'paused' ? 'Resume' : 'Pause');
    this.pauseResume.title = phase === 'paused' ? 'Continue training' : 'Hold after the current step';
    this.sampleNow.disabled = !live || (phase !== 'running' && phase !== 'paused');
    this.openExperiment.disabled = !run?.experimentFile;
    this.openExperiment.title = run?.experimentFile || 'The experiment file is unknown for this run';
    this.openFolder.disabled = !run?.runDir;
    this.openFolder.title = run?.runDir ?? '';
    // A run that ended before its last step can go on from its checkpoint; a completed one cannot.
    const resumable = !!run?.runDir && !live && RESUMABLE.has(phase);
    this.resumeCheckpoint.hidden = !resumable;
    this.resumeCheckpoint.disabled = !resumable;
    const headline = quality ? qualityHeadline(quality.metrics) : undefined;
    this.resultStat.hidden = !headline;
    setText(this.resultLabel, live ? `quality at step ${formatInteger(quality?.step ?? 0)}` : 'result');
    setText(this.result, headline ?? '');
    if (!columns) return;
    const p = computeProgress(run, columns, now);
    this.bar.style.width = `${(p.fraction * 100).toFixed(2)}%`;
    this.bar.parentElement?.setAttribute('aria-valuenow', String(Math.round(p.fraction * 100)));
    setText(
      this.step,
      p.total > 0 ? `${formatInteger(p.step)} / ${formatInteger(p.total)} (${Math.floor(p.fraction * 100)}%)` : formatInteger(p.step),
    );
    setText(this.speed, formatSpeed(p.stepsPerSecond));
    setText(this.elapsed, formatDuration(p.elapsedSeconds));
    setText(this.eta, p.etaSeconds === null ? '—' : p.etaSeconds === 0 ? 'done' : formatDuration(p.etaSeconds));
    const backend = run?.meta?.backend;
    setText(this.backend, backend ? backend.name : (run?.config?.backend ?? '—'));
    this.backend.title = backend ? backend.reason : '';
  }
}
