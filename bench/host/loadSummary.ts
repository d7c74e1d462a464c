/** Turns the soak/load samples into the figures bench/RESULTS.md records. */
import type { DashboardProbe, HostLoadResult, HostSample } from './hostLoadFormat';

export interface LoadSummary {
  text: string;
  figures: Record<string, number | string | null>;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Median of a series over its first and last quarter, after dropping the warm-up (first 10%). */
function trend(values: number[]): { early: number; late: number; change: number } {
  const warm = values.slice(Math.ceil(values.length * 0.1));
  const quarter = Math.max(1, Math.floor(warm.length / 4));
  const early = median(warm.slice(0, quarter));
  const late = median(warm.slice(-quarter));
  return { early, late, change: late / early - 1 };
}

function commandStats(samples: HostSample[]): string[] {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.commandsMs)))];
  return names.map((name) => {
    const xs = samples.map((s) => s.commandsMs[name]).filter((x): x is number => x !== undefined);
    return `| ${name} | ${xs.length} | ${fmt(median(xs))} | ${fmt(quantile(xs, 0.95))} | ${fmt(Math.max(...xs))} |`;
  });
}

export function summarizeLoad(
  result: HostLoadResult,
  probes: DashboardProbe[],
  finalProbes: DashboardProbe[],
  revealToPaintMs: number | null,
): LoadSummary {
  const { samples } = result;
  if (samples.length < 4) throw new Error(`only ${samples.length} sample(s): too short to summarise`);
  const running = samples.filter((s) => s.trainers.some((t) => t.phase === 'running'));
  const last = samples[samples.length - 1]!;
  const lines: string[] = [];
  const figures: LoadSummary['figures'] = {};
  const minutes = last.atMs / 60_000;
  lines.push(`${result.params.mode}: ${result.params.files.length} run(s), ${samples.length} samples over ${fmt(minutes)} min`);
  for (const [i, run] of (result.runs ?? []).entries()) {
    const series = running.map((s) => s.trainers[i]!).filter((t) => t.phase === 'running');
    const rss = trend(series.map((t) => t.rssMb).filter((x): x is number => x !== null));
    const tensors = series.map((t) => t.tensors).filter((x): x is number => x !== null);
    const rate = median(series.map((t) => t.stepsPerSecond));
    lines.push(
      `run ${i + 1}: ${run.phase} at step ${run.lastStep.toLocaleString('en')}, ${fmt(rate, 0)} steps/s; trainer RSS ${fmt(rss.early, 0)} → ${fmt(rss.late, 0)} MiB (${fmt(rss.change * 100)}%); ` +
        `live tensors ${tensors[0] ?? '—'} → ${tensors[tensors.length - 1] ?? '—'} (min ${Math.min(...tensors)}, max ${Math.max(...tensors)})`,
    );
    Object.assign(figures, {
      [`run${i + 1}.lastStep`]: run.lastStep,
      [`run${i + 1}.stepsPerSecond`]: rate,
      [`run${i + 1}.rssEarlyMb`]: rss.early,
      [`run${i + 1}.rssLateMb`]: rss.late,
      [`run${i + 1}.tensorsFirst`]: tensors[0] ?? null,
      [`run${i + 1}.tensorsLast`]: tensors[tensors.length - 1] ?? null,
      [`run${i + 1}.tensorsMax`]: Math.max(...tensors),
    });
  }
  const heap = trend(running.map((s) => s.host.heapUsedMb));
  const hostRss = trend(running.map((s) => s.host.rssMb));
  lines.push(
    `extension host after GC: heap ${fmt(heap.early)} → ${fmt(heap.late)} MiB (${fmt(heap.change * 100)}%), RSS ${fmt(hostRss.early, 0)} → ${fmt(hostRss.late, 0)} MiB (${fmt(hostRss.change * 100)}%)`,
  );
  const loopP99 = running.map((s) => s.eventLoopMs.p99);
  const loopMax = running.map((s) => s.eventLoopMs.max);
  const cpu = running.map((s) => s.host.cpuPercent);
  lines.push(`extension host CPU: median ${fmt(median(cpu))}% of one core, max ${fmt(Math.max(...cpu))}%`);
  lines.push(
    `extension host event-loop delay per sample: p99 median ${fmt(median(loopP99))} ms, worst p99 ${fmt(Math.max(...loopP99))} ms, worst single ${fmt(Math.max(...loopMax))} ms`,
  );
  lines.push('', '| command | calls | median ms | p95 ms | max ms |', '| --- | --- | --- | --- | --- |', ...commandStats(running));
  const painted = probes.filter((p) => p.frameMs !== null);
  const lag = painted.filter((p) => p.shownStep !== null && p.diskStep !== null).map((p) => p.diskStep! - p.shownStep!);
  lines.push(
    '',
    `dashboard (browser side) during the run: ${painted.length}/${probes.length} probes painted; frame on request median ${fmt(median(painted.map((p) => p.frameMs!)))} ms, max ${fmt(Math.max(...painted.map((p) => p.frameMs!)))} ms; ` +
      `header behind metrics.jsonl by median ${fmt(median(lag), 0)} steps, max ${fmt(Math.max(...lag), 0)}`,
  );
  const finalPainted = finalProbes.filter((p) => p.frameMs !== null);
  const finalLast = finalPainted[finalPainted.length - 1];
  lines.push(
    `dashboard at the end: brought to the front, showing its run after ${fmt(revealToPaintMs, 0)} ms; ${finalPainted.length}/${finalProbes.length} probes painted; frame on request median ${fmt(median(finalPainted.map((p) => p.frameMs!)))} ms; header step ${finalLast?.shownStep ?? '—'}, metrics.jsonl ${finalLast?.diskStep ?? '—'}`,
  );
  Object.assign(figures, {
    minutes,
    hostHeapEarlyMb: heap.early,
    hostHeapLateMb: heap.late,
    hostRssEarlyMb: hostRss.early,
    hostRssLateMb: hostRss.late,
    hostCpuMedianPercent: median(cpu),
    dashboardRevealToPaintMs: revealToPaintMs,
    eventLoopP99MedianMs: median(loopP99),
    eventLoopWorstMs: Math.max(...loopMax),
    dashboardFrameMedianMs: median(painted.map((p) => p.frameMs!)),
    dashboardFinalFrameMedianMs: median(finalPainted.map((p) => p.frameMs!)),
    dashboardFinalShownStep: finalLast?.shownStep ?? null,
    dashboardFinalDiskStep: finalLast?.diskStep ?? null,
  });
  return { text: lines.join('\n'), figures };
}
