/**
 * Run in a child process (`node --import tsx`) by test/process/longRun.test.ts: the host's reads of
 * the run directory given as argument (the dashboard's snapshot of 10,000 records, the Runs tree's
 * summary); prints what they found and the process's peak RSS as one JSON line.
 */
import { readRunSummary } from '../../src/extension/trainingRuns/runReader';
import { readRunSnapshot } from '../../src/extension/trainingRuns/runSnapshot';

async function main(dir: string): Promise<void> {
  const started = performance.now();
  const snapshot = await readRunSnapshot(dir, 10_000);
  const snapshotSeconds = (performance.now() - started) / 1000;
  const summary = await readRunSummary(dir);
  const steps = snapshot.metrics.map((m) => m.step);
  process.stdout.write(
    `${JSON.stringify({
      snapshotSeconds,
      records: steps.length,
      first: steps[0],
      last: steps[steps.length - 1],
      increasing: steps.every((s, i) => i === 0 || s > steps[i - 1]!),
      offset: snapshot.offsets.metrics,
      warnings: snapshot.warnings,
      summaryLast: summary.lastMetrics?.step,
    })}\n`,
  );
}

void main(process.argv[2]!).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
