/**
 * Replays the alarms (src/training/watchdog/: mode collapse, D wins, oscillation) over recorded runs,
 * to set and check their defaults: for each run directory, how close each alarm came (the longest
 * streak of a collapse sign in quality records, the longest stretch D won in steps, the largest
 * growth of the losses' swings over `windows` growing windows) and what the defaults raise, where.
 *
 *   npx tsx bench/alarmReplay.ts RUN_DIR …
 *
 * The run's own experiment.json gives the loss and the alarm settings (defaults for runs recorded
 * before alarms existed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALARM_DEFAULTS, type Experiment } from '../src/shared/experiment/schema';
import { usesSigmoid } from '../src/shared/experiment/objective';
import type { QualityRecord } from '../src/shared/runFormat';
import { replayAlarms } from '../src/training/watchdog/alarmReplay';
import type { WatchedValues } from '../src/training/watchdog/blowUp';
import { DiscriminatorWinsDetector } from '../src/training/watchdog/discriminatorWins';
import { COLLAPSE_SIGNALS, ModeCollapseDetector } from '../src/training/watchdog/modeCollapse';
import { MIN_CROSSINGS, OSCILLATION_SIGNALS, swing } from '../src/training/watchdog/oscillation';

const lines = <T>(file: string): T[] => {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as T);
  } catch {
    return [];
  }
};

/** Longest streak of each collapse sign, in quality records. */
function collapseStreak(quality: readonly QualityRecord[]): string {
  const probe = new ModeCollapseDetector({ ...ALARM_DEFAULTS.modeCollapse, records: 1e9 });
  const streak = new Map<string, number>();
  const longest = new Map<string, number>();
  for (const q of quality) {
    const signs = probe.signs(q.metrics);
    probe.observe(q);
    for (const s of COLLAPSE_SIGNALS) {
      const n = signs.has(s) ? (streak.get(s) ?? 0) + 1 : 0;
      streak.set(s, n);
      longest.set(s, Math.max(longest.get(s) ?? 0, n));
    }
  }
  return COLLAPSE_SIGNALS.map((s) => `${s} ${longest.get(s) ?? 0}`).join(', ');
}

/** Longest stretch D won, in steps. */
function dWinsStretch(metrics: readonly WatchedValues[], sigmoid: boolean): number {
  const probe = new DiscriminatorWinsDetector({ ...ALARM_DEFAULTS.discriminatorWins, steps: 1e12 }, sigmoid);
  let longest = 0;
  for (const m of metrics) {
    probe.observe(m);
    longest = Math.max(longest, probe.winningSteps);
  }
  return longest;
}

/** The largest growth of a loss's swing over `windows` windows in a row that swing and grow (what `growth` is compared with). */
function oscillationGrowth(metrics: readonly WatchedValues[]): string {
  const { window, windows } = ALARM_DEFAULTS.oscillation;
  return OSCILLATION_SIGNALS.map((signal) => {
    const swings = [];
    for (let i = 0; i + window <= metrics.length; i += window) swings.push(swing(metrics.slice(i, i + window).map((m) => m[signal])));
    let best = 0;
    for (let t = windows; t < swings.length; t++) {
      const chain = swings.slice(t - windows, t + 1);
      const ok = chain.every((w, i) => i === 0 || (w.crossings >= MIN_CROSSINGS && w.amplitude > chain[i - 1]!.amplitude));
      if (ok && chain[0]!.amplitude > 0) best = Math.max(best, chain.at(-1)!.amplitude / chain[0]!.amplitude);
    }
    return `${signal === 'dLoss' ? 'D' : 'G'} ${best.toFixed(2)}`;
  }).join(', ');
}

const d = ALARM_DEFAULTS;
console.log(
  `defaults: modeCollapse records ${d.modeCollapse.records}, modesDrop ${d.modeCollapse.modesDrop}, klRise ${d.modeCollapse.klRise}, recallDrop ${d.modeCollapse.recallDrop}, precisionGap ${d.modeCollapse.precisionGap}; ` +
    `discriminatorWins margin ${d.discriminatorWins.margin}, vanishing ${d.discriminatorWins.vanishing}, steps ${d.discriminatorWins.steps}; ` +
    `oscillation window ${d.oscillation.window}, windows ${d.oscillation.windows}, growth ${d.oscillation.growth}`,
);
console.log(
  '| run | loss | records (metrics / quality) | longest collapse streak (quality records) | longest D-wins stretch (steps) | largest swing growth | raised with the defaults |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const dir of process.argv.slice(2)) {
  const recorded = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')) as Experiment;
  const config: Experiment = { ...recorded, alarms: structuredClone(ALARM_DEFAULTS) as unknown as Experiment['alarms'] };
  const metrics = lines<WatchedValues>(join(dir, 'metrics.jsonl'));
  const quality = lines<QualityRecord>(join(dir, 'quality.jsonl'));
  const raised = replayAlarms(config, metrics, quality).map((a) => a.event.message.split(' — ')[0]);
  console.log(
    `| ${config.name} | ${config.loss.kind} | ${metrics.length} / ${quality.length} | ${collapseStreak(quality)} | ${dWinsStretch(metrics, usesSigmoid(config.loss.kind))} | ${oscillationGrowth(metrics)} | ${raised.join('; ') || 'none'} |`,
  );
}
