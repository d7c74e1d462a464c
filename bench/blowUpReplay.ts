/**
 * Replays the blow-up detector (src/training/watchdog/blowUp.ts) over recorded runs, to set and
 * check its thresholds: for each run directory, the largest ratio of a loss or gradient norm to its
 * running scale, the longest run of records over a given factor, the longest stretch of a saturated
 * D (sigmoid losses), and what the default settings raise, at which step.
 *
 *   npx tsx bench/blowUpReplay.ts RUN_DIR [--baseline DIR] [--baseline-d DIR] …
 *
 * The trainer seeds the scales with the values at the session's first step; a run's metrics.jsonl
 * starts at `metricsEvery`. `--baseline` (after its run) is the same experiment run with `--steps 1`
 * (same seed: the same initial networks and first batch), whose one record holds those values. With
 * k > 1 the trainer takes D's from the first of the step's D steps, before any update: `--baseline-d`
 * is the experiment with `--steps 1` and `"dStepsPerGStep": 1`, whose D values those are. Without a
 * baseline the first record seeds the scales (which hides a blow-up there from the first record).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlowUpDetector, SCALE_SIGNALS, SIGNAL_NAMES, type BlowUpSettings, type WatchedValues } from '../src/training/watchdog/blowUp';
import { DIVERGENCE_DEFAULTS } from '../src/shared/experiment/schema';
import { usesSigmoid } from '../src/shared/experiment/objective';
import type { Experiment } from '../src/shared/experiment/schema';

const records = (dir: string): WatchedValues[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as WatchedValues);

const args = process.argv.slice(2);
const runs: { dir: string; baseline?: string; baselineD?: string }[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--baseline') runs.at(-1)!.baseline = args[++i]!;
  else if (args[i] === '--baseline-d') runs.at(-1)!.baselineD = args[++i]!;
  else runs.push({ dir: args[i]! });
}
const settings: BlowUpSettings = { ...DIVERGENCE_DEFAULTS };
// Watch everything: the longest streaks are measured with a factor and a stretch nothing reaches.
const watch: BlowUpSettings = { ...settings, intervals: 1e9, saturatedSteps: 1e9 };

console.log(
  `defaults: factor ${settings.factor}, intervals ${settings.intervals}, saturation ${settings.saturation}, saturatedSteps ${settings.saturatedSteps}`,
);
console.log(
  '| run | loss | records | max ratio (signal, step) | longest run over factor | longest flat stretch (steps) | raised with the defaults |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const run of runs) {
  const dir = run.dir;
  const config = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')) as Experiment;
  const sigmoid = usesSigmoid(config.loss.kind);
  const series = records(dir);
  const first = run.baseline ? records(run.baseline)[0] : undefined;
  const firstD = run.baselineD ? records(run.baselineD)[0] : undefined;
  const baseline =
    first && firstD ? { ...first, dLoss: firstD.dLoss, gradNormD: firstD.gradNormD, dReal: firstD.dReal, dFake: firstD.dFake } : first;
  const probe = new BlowUpDetector(watch, sigmoid);
  const detector = new BlowUpDetector(settings, sigmoid);
  if (baseline) {
    probe.start(baseline);
    detector.start(baseline);
  }
  let max = { ratio: 0, signal: '', step: 0 };
  let over = 0;
  let longestOver = 0;
  let longestSaturated = 0;
  const raised: string[] = [];
  for (const r of series) {
    probe.observe(r);
    const ratios = probe.reading.ratios;
    let anyOver = false;
    for (const s of SCALE_SIGNALS) {
      const ratio = ratios[s] ?? 0;
      if (ratio > max.ratio) max = { ratio, signal: SIGNAL_NAMES[s], step: r.step };
      if (ratio > settings.factor) anyOver = true;
    }
    over = anyOver ? over + 1 : 0;
    longestOver = Math.max(longestOver, over);
    longestSaturated = Math.max(longestSaturated, probe.reading.saturatedSteps);
    for (const f of detector.observe(r))
      raised.push(
        f.kind === 'scale'
          ? `${SIGNAL_NAMES[f.signal]} ${f.ratio.toExponential(1)}× at ${f.step}`
          : `${f.flat === 'sigmoid' ? 'D saturated' : 'no gradient'} at ${f.step}`,
      );
  }
  const name = `${config.name}${baseline ? '' : ' (no baseline)'}`;
  console.log(
    `| ${name} | ${config.loss.kind} | ${series.length} | ${max.ratio.toPrecision(3)} (${max.signal}, ${max.step}) | ${longestOver} | ${longestSaturated} | ${raised.join('; ') || 'none'} |`,
  );
}
