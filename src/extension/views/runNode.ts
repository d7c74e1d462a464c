/** How a run of the catalog is drawn: icon, one-line description, tooltip, menu flags. */
import * as vscode from 'vscode';
import { describeObjective } from '../../shared/experiment/objective';
import { qualityHeadline } from '../../shared/qualityHeadline';
import { runRowLabel } from '../../shared/runDirectory/runId';
import type { Experiment, NetworkConfig } from '../../shared/experiment/schema';
import type { CatalogRun, CatalogRunStatus } from '../trainingRuns/catalogRun';

/** Space-separated flags matched by `viewItem` in package.json menus: status, `live`, `resumable`. */
export function runContextValue(run: CatalogRun): string {
  if (run.live) return `run ${run.status}${run.live.live ? ' live' : ' resumable'}`;
  return `run ${run.status}${run.meta?.status === 'running' ? '' : ' resumable'}`;
}

const ICONS: Record<CatalogRunStatus, [string, string?]> = {
  queued: ['clock'],
  starting: ['loading~spin'],
  running: ['sync~spin', 'charts.blue'],
  paused: ['debug-pause', 'charts.yellow'],
  stopping: ['loading~spin'],
  completed: ['pass', 'testing.iconPassed'],
  stopped: ['debug-stop'],
  failed: ['error', 'testing.iconFailed'],
  diverged: ['warning', 'list.warningForeground'],
  interrupted: ['circle-slash', 'list.warningForeground'],
  unknown: ['question'],
};

export function runIcon(status: CatalogRunStatus): vscode.ThemeIcon {
  const [id, color] = ICONS[status];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

const count = (n: number) => n.toLocaleString('en-US');
const loss = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));

/** The row's label: the run's start (`01-05 14:03:12`), short, so the description after it shows. */
export function runNodeLabel(node: CatalogRun): string {
  return runRowLabel(node.runId);
}

/** The newest quality headline of the run (its result once it has ended), if it has one. */
export function runResult(node: Pick<CatalogRun, 'lastQuality'>): string | undefined {
  return node.lastQuality ? qualityHeadline(node.lastQuality.metrics) : undefined;
}

/**
 * The row's description: a run that has ended leads with its result (`modes 8/8, JS 0.25 bit ·
 * 5,000/5,000`); a live one with its progress, then its newest quality, else its losses.
 */
export function describeRunNode(node: CatalogRun): string {
  const parts: string[] = [];
  if (node.status === 'queued') return 'queued';
  const result = runResult(node);
  const live = node.live?.live === true || node.status === 'running';
  if (result && !live) parts.push(result);
  if (node.meta) parts.push(`${count(node.meta.lastStep)}/${count(node.meta.totalSteps)}`);
  if (result && live) parts.push(result);
  else if (!result && node.lastMetrics) parts.push(`D ${loss(node.lastMetrics.dLoss)} G ${loss(node.lastMetrics.gLoss)}`);
  if (!['running', 'completed'].includes(node.status)) parts.push(node.status);
  if (node.warnings.length > 0) parts.push('⚠');
  return parts.join(' · ');
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

/** An MLP's hidden widths, or a convolutional network's base channels. */
const networkSize = (n: NetworkConfig) => (n.kind === 'mlp' ? `[${n.hidden.join(', ')}]` : `${n.channels} channels`);

export function configSummary(config: Experiment): string {
  const g = config.generator;
  const d = config.discriminator;
  const opt = config.optimizer;
  return [
    `data ${config.data.kind}, latent ${config.latent.dim}-d ${config.latent.distribution}`,
    `G ${g.kind} ${networkSize(g)} ${g.activation}, D ${d.kind} ${networkSize(d)} ${d.activation}`,
    `loss ${describeObjective(config.loss)}, k = ${config.schedule.dStepsPerGStep}, batch ${config.schedule.batchSize}`,
    `G ${opt.generator.kind} lr ${opt.generator.lr}, D ${opt.discriminator.kind} lr ${opt.discriminator.lr}`,
  ].join('  \n');
}

export function runTooltip(node: CatalogRun, config: Experiment | null): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${node.experimentName}** · \`${node.runId}\` · ${node.status}\n\n`);
  const meta = node.meta;
  if (meta) {
    const end = meta.endedAt ? Date.parse(meta.endedAt) : Date.now();
    md.appendMarkdown(
      `step ${count(meta.lastStep)} of ${count(meta.totalSteps)} · ${formatDuration(end - Date.parse(meta.startedAt))}\n\n`,
    );
    if (meta.backend) md.appendMarkdown(`backend **${meta.backend.name}** — ${meta.backend.reason}\n\n`);
    if (meta.error) md.appendText(`${meta.error.split('\n')[0]}\n\n`);
  }
  // Plain figures (digits, letters, '/', '.', ',', '%', '(', ')'): appended as Markdown, so the
  // tooltip's text reads as the row does (appendText would turn each space into &nbsp;).
  const result = runResult(node);
  if (result && node.lastQuality) {
    const ended = !(node.live?.live === true || node.status === 'running');
    md.appendMarkdown(`${ended ? '**result**' : 'quality'} at step ${count(node.lastQuality.step)}: ${result}\n\n`);
  }
  if (node.lastMetrics)
    md.appendMarkdown(
      `losses at step ${count(node.lastMetrics.step)}: D ${loss(node.lastMetrics.dLoss)}, G ${loss(node.lastMetrics.gLoss)}\n\n`,
    );
  if (config) md.appendMarkdown(`${configSummary(config)}\n\n`);
  for (const w of node.warnings) md.appendMarkdown(`$(warning) ${w}\n\n`);
  if (node.dir) md.appendText(node.dir);
  return md;
}
