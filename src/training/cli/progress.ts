/** Terminal display of a run: a live progress line on a TTY, one line per metrics interval otherwise. */
import { appliedChanges } from '../../shared/hyperparameterValues';
import type { TrainerToHost } from '../../shared/protocol';
import { qualityHeadline } from '../../shared/qualityHeadline';
import type { MetricRecord, QualityMetrics, RunMeta } from '../../shared/runFormat';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

export function formatQuality(q: QualityMetrics): string {
  const parts: string[] = [];
  if (q.modesCovered !== undefined) parts.push(`modes ${q.modesCovered}/${q.modesTotal}`);
  if (q.highQualityShare !== undefined) parts.push(`high-quality ${(q.highQualityShare * 100).toFixed(1)}%`);
  if (q.curveFitShare !== undefined) parts.push(`curves in band ${(q.curveFitShare * 100).toFixed(1)}%`);
  if (q.curveKs !== undefined) parts.push(`KS(a) ${q.curveKs.toFixed(3)}`);
  if (q.js !== undefined) parts.push(`JS ${q.js.toFixed(3)} bit`);
  if (q.kl !== undefined) parts.push(`KL ${q.kl.toFixed(3)} bit`);
  if (q.wasserstein !== undefined) parts.push(`W1 ${fmt(q.wasserstein)}`);
  const percent = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
  if (q.singleBlobShare !== undefined) parts.push(`single blob ${percent(q.singleBlobShare)} (real ${percent(q.realSingleBlobShare)})`);
  if (q.meanInk !== undefined) parts.push(`ink ${percent(q.meanInk)} (real ${percent(q.realMeanInk)})`);
  if (q.shapeFitShare !== undefined)
    parts.push(
      `shapes ${percent(q.shapeFitShare)} (real ${percent(q.realShapeFitShare)}: square ${percent(q.squareShare)}, ellipse ${percent(q.ellipseShare)}, triangle ${percent(q.triangleShare)})`,
    );
  parts.push(...formatLearnedQuality(q));
  return parts.join(', ');
}

/** The MNIST classifier's measures (learned image metrics), each with its real-data reference. */
function formatLearnedQuality(q: QualityMetrics): string[] {
  const parts: string[] = [];
  const withReal = (value: number, real: number | undefined, digits: number) =>
    real === undefined ? value.toFixed(digits) : `${value.toFixed(digits)} (real ${real.toFixed(digits)})`;
  if (q.frechetDistance !== undefined) {
    const noise = q.noiseFrechetDistance === undefined ? '' : `, noise ${q.noiseFrechetDistance.toFixed(1)}`;
    const real = q.realFrechetDistance === undefined ? '' : `real ${q.realFrechetDistance.toFixed(2)}`;
    parts.push(`Fréchet ${q.frechetDistance.toFixed(2)}${real || noise ? ` (${real}${noise})` : ''}`);
  }
  if (q.kernelDistance !== undefined)
    parts.push(
      `KID ${fmt(q.kernelDistance)} ± ${fmt(q.kernelDistanceStd ?? NaN)}${q.realKernelDistance === undefined ? '' : ` (real ${fmt(q.realKernelDistance)})`}`,
    );
  if (q.precision !== undefined && q.recall !== undefined) {
    const real = q.realPrecision === undefined ? '' : ` (real ${q.realPrecision.toFixed(2)}/${(q.realRecall ?? NaN).toFixed(2)})`;
    parts.push(`precision/recall ${q.precision.toFixed(2)}/${q.recall.toFixed(2)}${real}`);
  }
  if (q.classesCovered !== undefined) parts.push(`classes ${q.classesCovered}/${q.classesTotal}`);
  if (q.classKl !== undefined) parts.push(`class KL ${q.classKl.toFixed(3)} bit`);
  if (q.classifierScore !== undefined) parts.push(`classifier score ${withReal(q.classifierScore, q.realClassifierScore, 2)}`);
  if (q.stackedModesCovered !== undefined)
    parts.push(
      `stacked modes ${q.stackedModesCovered}/${q.stackedModesTotal}${q.realStackedModesCovered === undefined ? '' : ` (real ${q.realStackedModesCovered})`}`,
    );
  if (q.stackedKl !== undefined) parts.push(`stacked KL ${q.stackedKl.toFixed(3)} bit`);
  if (q.labelAgreement !== undefined) parts.push(`label agreement ${(q.labelAgreement * 100).toFixed(1)}%`);
  return parts;
}

/**
 * How long the run has trained: run.json's training time (summed over its sessions, pauses and the
 * time between sessions excluded); for a run recorded before it was kept, its last metrics
 * record's, else the time from its start to its end.
 */
export function trainingSeconds(meta: RunMeta, lastMetrics?: MetricRecord): number {
  if (typeof meta.trainingSeconds === 'number') return meta.trainingSeconds;
  if (lastMetrics && Number.isFinite(lastMetrics.elapsed)) return lastMetrics.elapsed;
  return meta.endedAt ? (Date.parse(meta.endedAt) - Date.parse(meta.startedAt)) / 1000 : NaN;
}

export class ProgressDisplay {
  private total = 0;
  private lastMetrics: MetricRecord | undefined;
  private lastQuality: QualityMetrics | undefined;
  private meta: RunMeta | undefined;
  /** The status of a run that failed before it had a run.json (no meta to carry it). */
  private earlyStatus: string | undefined;
  private runDir = '';
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  handle(message: TrainerToHost): void {
    switch (message.type) {
      case 'started':
        this.total = message.payload.meta.totalSteps;
        this.meta = message.payload.meta;
        this.runDir = message.payload.runDir;
        this.line(`GAN ${message.payload.meta.experimentName}: run ${message.payload.meta.runId} → ${this.runDir}`);
        break;
      case 'event': {
        const { kind } = message.payload;
        const { steps } = appliedChanges(message.payload);
        if (steps !== undefined) this.total = steps;
        if (kind === 'backend' || kind === 'hyperparameters') this.line(message.payload.message);
        break;
      }
      // Warnings and errors are gan-train's to print, on stderr (messages.ts).
      case 'metrics':
        this.lastMetrics = message.payload;
        this.progress(message.payload);
        break;
      case 'quality':
        this.lastQuality = message.payload.metrics;
        break;
      case 'finished':
        this.meta = message.payload.meta;
        break;
      case 'failed':
        this.meta = message.payload.meta ?? this.meta;
        if (!this.meta) this.earlyStatus = message.payload.status;
        break;
      default:
        break;
    }
  }

  private line(text: string, always = false): void {
    if (this.quiet && !always) return;
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`${text}\n`);
  }

  private progress(m: MetricRecord): void {
    if (this.quiet) return;
    const eta = m.stepsPerSecond > 0 ? (this.total - m.step) / m.stepsPerSecond : NaN;
    const stats = `${m.step}/${this.total} · ${m.stepsPerSecond.toFixed(0)} it/s · D ${fmt(m.dLoss)} G ${fmt(m.gLoss)} · D(real) ${m.dReal.toFixed(3)} D(fake) ${m.dFake.toFixed(3)} · ETA ${formatDuration(eta)}`;
    if (!this.tty) {
      this.out.write(`step ${stats}\n`);
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 100 && m.step < this.total) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((m.step / Math.max(1, this.total)) * width);
    this.out.write(`\r\x1b[K[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${stats}`);
  }

  /** The final summary, printed whatever the outcome. */
  summary(): string {
    const meta = this.meta;
    const lines: string[] = [];
    if (meta) {
      lines.push(
        `${meta.status}: ${meta.lastStep}/${meta.totalSteps} steps in ${formatDuration(trainingSeconds(meta, this.lastMetrics))} on ${meta.backend?.name ?? 'no backend'}`,
      );
    }
    // The headline the editor shows too (notification, dashboard header, Runs tree).
    const headline = this.lastQuality && qualityHeadline(this.lastQuality);
    if (headline) lines.push(`  result: ${headline}`);
    const m = this.lastMetrics;
    if (m) lines.push(`  D loss ${fmt(m.dLoss)}, G loss ${fmt(m.gLoss)}, D(real) ${m.dReal.toFixed(3)}, D(fake) ${m.dFake.toFixed(3)}`);
    if (this.lastQuality) lines.push(`  ${formatQuality(this.lastQuality)}`);
    // The error itself went to stderr when the run ended (gan-train: …); the summary is the outcome.
    if (!meta && this.earlyStatus) lines.push(`${this.earlyStatus}: the run did not start`);
    if (this.runDir) lines.push(`  run directory: ${this.runDir}`);
    return lines.join('\n');
  }

  /** Clears the progress bar's line (on a terminal) before a message is written to stderr. */
  clearLine(): void {
    if (this.tty && !this.quiet) this.out.write('\r\x1b[K');
  }

  finish(): void {
    if (this.tty && !this.quiet) this.out.write('\r\x1b[K');
    this.out.write(`${this.summary()}\n`);
  }
}
