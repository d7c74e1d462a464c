/** The ranked table gan-sweep prints at the end and for --status: one row per trial, best first, then each failure's error. */
import { bestTrial, rankTrials } from '../../shared/sweep/sweepRanking';
import type { JsonValue, SweepStatus, TrialStatus } from '../../shared/sweep/sweepFolder';
import { describeParams } from '../../shared/sweep/expandSweep';

const show = (v: JsonValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const number = (v: number | undefined): string => (v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toPrecision(4));

function row(rank: string, t: TrialStatus, paths: string[]): string[] {
  const step = t.totalSteps > 0 ? `${t.step}/${t.totalSteps}` : '–';
  return [rank, t.trial.id, ...paths.map((p) => show(t.trial.params[p])), t.state, step, number(t.objective)];
}

export function sweepTable(status: SweepStatus): string {
  const { manifest } = status;
  const { objective } = manifest;
  const paths = manifest.parameters.map((p) => p.path);
  const ranked = rankTrials(objective, status.trials);
  const header = ['rank', 'trial', ...paths, 'state', 'step', `${objective.metric} ${objective.goal === 'minimize' ? '↓' : '↑'}`];
  const rows = ranked.map((t, i) => row(t.objective === undefined ? '–' : String(i + 1), t, paths));
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const numeric = (c: number) => c === 0 || c >= header.length - 2;
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  const counts = Object.entries(status.counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  out.push('', `${manifest.name}: ${manifest.trials.length} trials (${counts})`);
  const best = bestTrial(objective, status.trials);
  if (best)
    out.push(
      `best: ${best.trial.id} (${describeParams(best.trial.params)}): ${objective.metric} ${number(best.objective)}${best.runPath ? `, run ${best.runPath}` : ''}`,
    );
  for (const t of status.trials.filter((t) => t.state === 'failed'))
    out.push(`${t.trial.id} failed: ${(t.error ?? 'no error recorded').split('\n').join('\n    ')} (log: ${t.log})`);
  for (const w of status.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}
