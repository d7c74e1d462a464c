/**
 * Harness for the webview pages outside VS Code: applies a VS Code theme's CSS variables, fakes
 * `acquireVsCodeApi`, and plays the host's side of the protocol with a recorded run.
 *
 * Query: ?run=<experiment>&theme=dark|light|high-contrast&mode=static|live|stress|empty|manual&warn=1
 *   &starting=1 (the run has no directory yet: no sampling results are sent) &samplingDelay=<ms>
 *   &harnessEvents=0 (no hyper-parameter and warning events added)
 *   static  the finished run in one snapshot
 *   live    a snapshot of the first 40 %, then the rest streamed at 10 messages/s
 *   stress  20,000 metric records (the recorded ones repeated with noise): 15,000 in the snapshot, the rest
 *           streamed at 10 messages/s of 20 records
 *   empty   a live run with nothing recorded yet (empty states)
 *   manual  no host: the page's messages are only recorded (the benchmark sends its own)
 * Hyper-parameter and warning events are added (marked "harness") so the chart markers show.
 *
 * The fake host also answers the compare and export messages: `listCompareRuns` lists the other
 * recorded runs, `addCompareRun` sends that run's metrics (thinned to ≤ 5,000 records, as the host
 * does) and quality, `saveExport` and `exportMetricsCsv` keep what they got in `__harness.exports`
 * and answer `exportDone` (`exportFail=1`: a failed save). Everything the page posts is in
 * `__harness.posted`. After the snapshot it sends the run's gan-sample results (`samplingShown`, the
 * newest shown; none in `empty` mode) and answers `requestSampling` with the result asked for.
 */
import data, { type HarnessRun } from 'harness-data';
import type { HostToWebview, RunView, ShownSamples, WebviewToHost } from '../../src/shared/protocol';
import type { Experiment } from '../../src/shared/experiment/schema';
import type { MetricRecord, RunEvent } from '../../src/shared/runFormat';
import { THEMES } from './themes';

interface HarnessExport {
  format: 'png' | 'gif' | 'csv';
  suggestedName: string;
  data: string;
}

interface HarnessState {
  posted: WebviewToHost[];
  /** What the page asked to save (saveExport data in full; CSV requests with empty data). */
  exports: HarnessExport[];
  snapshotSent: boolean;
  streamDone: boolean;
  maxFrameGapMs: number;
  frames: number;
  /** Main-thread tasks over 50 ms once the snapshot has been drawn (ms each). */
  longTasks: number[];
  errors: string[];
}

declare global {
  interface Window {
    __harness: HarnessState;
    acquireVsCodeApi: () => { postMessage(m: WebviewToHost): void; getState(): unknown; setState(s: unknown): void };
  }
}

const params = new URLSearchParams(location.search);
const theme = THEMES[params.get('theme') ?? 'dark'] ?? THEMES.dark!;
const mode = params.get('mode') ?? 'static';
const runName = params.get('run') ?? Object.keys(data.runs)[0] ?? '';
const source: HarnessRun | undefined = data.runs[runName];

const state: HarnessState = {
  posted: [],
  exports: [],
  snapshotSent: false,
  streamDone: mode === 'static',
  maxFrameGapMs: 0,
  frames: 0,
  longTasks: [],
  errors: [],
};
window.__harness = state;
window.addEventListener('error', (e) => state.errors.push(String(e.message)));
document.addEventListener('securitypolicyviolation', (e) => state.errors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));

applyTheme();

function applyTheme(): void {
  // This script runs from <body>, before the page's own script, as VS Code's variables are in place before a webview's scripts run.
  for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(name, value);
  document.body.classList.add(theme.bodyClass);
}

const send = (message: HostToWebview) => window.postMessage(message, '*');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function withHarnessEvents(run: HarnessRun): RunEvent[] {
  const events = [...run.events];
  const last = run.metrics.at(-1)?.step ?? 0;
  if (last > 0) {
    const at = (f: number) => Math.round((last * f) / 10) * 10;
    const t = run.metrics[0]?.time ?? Date.now();
    events.push(
      {
        step: at(0.35),
        time: t + 1000,
        kind: 'hyperparameters',
        message: `step ${at(0.35)}: generator.lr 0.0005 → 0.0002 (harness)`,
        data: { changes: { 'generator.lr': { from: 0.0005, to: 0.0002 } } },
      },
      { step: at(0.62), time: t + 2000, kind: 'warning', message: 'D(real) − D(fake) > 0.9: D is winning (harness)' },
      {
        step: at(0.64),
        time: t + 2100,
        kind: 'hyperparameters',
        message: `step ${at(0.64)}: dStepsPerGStep 1 → 2 (harness)`,
        data: { changes: { dStepsPerGStep: { from: 1, to: 2 } } },
      },
    );
  }
  return events.sort((a, b) => a.step - b.step || a.time - b.time);
}

function stressMetrics(metrics: MetricRecord[], count: number): MetricRecord[] {
  if (metrics.length === 0) return [];
  const every = metrics.length > 1 ? metrics[1]!.step - metrics[0]!.step : 10;
  const out: MetricRecord[] = [];
  let seed = 1;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed / 2147483647 - 0.5) * 0.1;
  };
  for (let i = 0; i < count; i++) {
    const base = metrics[i % metrics.length]!;
    const components = Object.fromEntries(Object.entries(base.components).map(([k, v]) => [k, v + noise()]));
    out.push({
      ...base,
      step: (i + 1) * every,
      time: base.time + i * 50,
      elapsed: i * 0.05,
      dLoss: base.dLoss + noise(),
      gLoss: base.gLoss + noise(),
      components,
    });
  }
  return out;
}

/** Host behaviour for one posted message (set by start() when there is a run to play). */
let host: (message: WebviewToHost) => void = () => undefined;

window.acquireVsCodeApi = () => ({
  postMessage(message: WebviewToHost) {
    // Exports are kept apart (they can be megabytes): `posted` keeps their size only.
    if (message.type === 'saveExport') {
      const { format, suggestedName, data: payload } = message.payload;
      state.exports.push({ format, suggestedName, data: payload });
      state.posted.push({ type: 'saveExport', payload: { format, suggestedName, data: `<${payload.length} base64 characters>` } });
    } else state.posted.push(message);
    host(message);
  },
  getState: () => JSON.parse(sessionStorage.getItem('gw-state') ?? 'null') as unknown,
  setState: (s: unknown) => sessionStorage.setItem('gw-state', JSON.stringify(s)),
});

/** Every other recorded run, as the host lists runs to compare with. */
function compareCandidates(): { runDir: string; label: string }[] {
  return Object.entries(data.runs)
    .filter(([name]) => name !== runName)
    .map(([, r]) => ({ runDir: r.run.runDir, label: `${r.run.experimentName} · ${r.run.runId} · ${r.run.phase}` }));
}

/** Evenly thinned to at most `limit` records, keeping the last (as the host's metrics retention does). */
function thin<T>(list: T[], limit: number): T[] {
  if (list.length <= limit) return list;
  const out: T[] = [];
  for (let i = 0; i < limit; i++) out.push(list[Math.round((i * (list.length - 1)) / (limit - 1))]!);
  return out;
}

/** Answers of the compare and export messages (the same with or without a run). */
function answerTools(message: WebviewToHost): void {
  const fail = params.get('exportFail') === '1';
  switch (message.type) {
    case 'listCompareRuns':
      setTimeout(() => send({ type: 'compareRunsListed', payload: { runs: compareCandidates() } }), 20);
      break;
    case 'addCompareRun': {
      const other = Object.values(data.runs).find((r) => r.run.runDir === message.payload.runDir);
      if (!other) break;
      const { runDir } = message.payload;
      const label = `${other.run.experimentName} · ${other.run.runId} · ${other.run.phase}`;
      setTimeout(
        () => send({ type: 'compareRunAdded', payload: { runDir, label, metrics: thin(other.metrics, 5000), quality: other.quality } }),
        20,
      );
      break;
    }
    case 'saveExport':
      setTimeout(
        () =>
          send({
            type: 'exportDone',
            payload: fail
              ? { ok: false, message: `Could not save ${message.payload.suggestedName}: disk full (harness)` }
              : { ok: true, message: `Saved ${message.payload.suggestedName} (harness)` },
          }),
        30,
      );
      break;
    case 'exportMetricsCsv':
      state.exports.push({ format: 'csv', suggestedName: `${source?.run.experimentName ?? 'run'}-metrics.csv`, data: '' });
      setTimeout(
        () =>
          send({
            type: 'exportDone',
            payload: fail
              ? { ok: false, message: 'Could not write the CSV (harness)' }
              : { ok: true, message: 'Saved metrics.csv (harness)' },
          }),
        30,
      );
      break;
    default:
      break;
  }
}

function start(): void {
  if (mode === 'manual') return;
  host = answerTools;
  if (!source) {
    console.warn('harness: no recorded run; build with a runs directory');
    return;
  }
  const run: RunView = clone(source.run);
  let config: Experiment | null = run.config;
  // harnessEvents=0: only the run's own events (no markers added on the charts).
  const events = params.get('harnessEvents') === '0' ? [...source.events] : withHarnessEvents(source);
  let metrics = source.metrics;
  if (mode === 'stress') metrics = stressMetrics(source.metrics, Number(params.get('count') ?? 20000));
  if (params.get('warn') === '1') {
    run.warnings = ['metrics.jsonl: line 5012 is truncated (skipped)', 'samples/step-00001250.json is missing'];
    run.error = 'diverged: D loss became NaN at step 1180';
    run.phase = 'diverged';
  }
  const samplesByStep = new Map<number, ShownSamples>(source.samples.map((s) => [s.step, s]));
  const live = mode !== 'static';
  const cutStep =
    mode === 'live'
      ? (metrics.at(-1)?.step ?? 0) * 0.4
      : mode === 'stress'
        ? (metrics.at(-1)?.step ?? 0) * 0.75
        : mode === 'empty'
          ? -1
          : Infinity;
  const upTo = <T extends { step: number }>(list: T[], step: number) => list.filter((r) => r.step <= step);
  if (live) {
    run.live = true;
    run.phase = 'running';
    if (run.meta)
      run.meta = {
        ...run.meta,
        status: 'running',
        endedAt: null,
        lastStep: Math.max(0, cutStep),
        startedAt: new Date(Date.now() - 60_000).toISOString(),
      };
  }
  // starting=1: a run that has no directory yet (the host sends no sampling results for it).
  const starting = params.get('starting') === '1';
  if (starting) run.runDir = '';
  // samplingDelay=<ms>: the sampling results arrive that much after the snapshot.
  const samplingDelay = Number(params.get('samplingDelay') ?? 0);
  const shownSamples = upTo(source.samples, cutStep);
  const snapshot: HostToWebview = {
    type: 'snapshot',
    payload: {
      run,
      metrics: upTo(metrics, cutStep),
      quality: upTo(source.quality, cutStep),
      events: upTo(events, cutStep),
      histograms: upTo(source.histograms, cutStep),
      sampleSteps: shownSamples.map((s) => s.step),
      samples: shownSamples.at(-1) ?? null,
    },
  };

  const runChanged = () => send({ type: 'runChanged', payload: clone({ ...run, config }) });
  // The run's sampling results as the host sends them: every id, and the one asked for (else the newest).
  const sendSampling = (id?: string) => {
    const results = mode === 'empty' ? [] : (source.sampling ?? []);
    const shown = results.find((r) => r.id === id) ?? results[0] ?? null;
    send({ type: 'samplingShown', payload: { ids: results.map((r) => r.id), shown } });
  };
  host = (message: WebviewToHost) => {
    answerTools(message);
    switch (message.type) {
      case 'ready':
        setTimeout(() => {
          send(snapshot);
          // The host answers a snapshot with the sampling results when the run has a directory.
          if (starting) {
            /* a run still starting: no directory, no results */
          } else if (samplingDelay > 0) setTimeout(() => sendSampling(), samplingDelay);
          else sendSampling();
          state.snapshotSent = true;
          if (live && mode !== 'empty') stream();
        }, 0);
        break;
      case 'requestSamples': {
        const record = samplesByStep.get(message.payload.step);
        if (record)
          setTimeout(
            () =>
              send({
                type: 'samplesShown',
                payload: { record, sampleSteps: [...samplesByStep.keys()].filter((s) => s <= streamed), requested: true },
              }),
            30,
          );
        break;
      }
      case 'requestSampling':
        setTimeout(() => sendSampling(message.payload.id), 30);
        break;
      case 'runAction':
        if (message.payload.action === 'pause' || message.payload.action === 'resume') {
          run.phase = message.payload.action === 'pause' ? 'paused' : 'running';
          runChanged();
        } else if (message.payload.action === 'stop') {
          run.phase = 'stopped';
          run.live = false;
          runChanged();
        }
        break;
      case 'setHyperparameter':
        if (config) config = applyEdit(config, message.payload.key, message.payload.value);
        runChanged();
        send({
          type: 'eventAppended',
          payload: {
            step: streamed,
            time: Date.now(),
            kind: 'hyperparameters',
            message: `step ${streamed}: ${message.payload.key} → ${message.payload.value}`,
          },
        });
        break;
    }
  };

  let streamed = Number.isFinite(cutStep) ? cutStep : Infinity;
  function stream(): void {
    const rest = metrics.filter((m) => m.step > cutStep);
    const perMessage = mode === 'stress' ? 20 : 1;
    let i = 0;
    const timer = setInterval(() => {
      if (run.phase === 'paused') return;
      const batch = rest.slice(i, i + perMessage);
      i += perMessage;
      if (batch.length === 0) {
        clearInterval(timer);
        run.phase = 'completed';
        run.live = false;
        if (run.meta) run.meta = { ...run.meta, status: 'completed', endedAt: new Date().toISOString() };
        runChanged();
        state.streamDone = true;
        return;
      }
      const from = streamed;
      streamed = batch.at(-1)!.step;
      send({ type: 'metricsAppended', payload: { records: batch } });
      for (const h of source!.histograms) if (h.step > from && h.step <= streamed) send({ type: 'histogramAppended', payload: h });
      for (const q of source!.quality) if (q.step > from && q.step <= streamed) send({ type: 'qualityAppended', payload: q });
      for (const e of events) if (e.step > from && e.step <= streamed) send({ type: 'eventAppended', payload: e });
      for (const s of source!.samples)
        if (s.step > from && s.step <= streamed)
          send({
            type: 'samplesShown',
            payload: { record: s, sampleSteps: source!.samples.filter((x) => x.step <= streamed).map((x) => x.step), requested: false },
          });
    }, 100);
  }
}

function applyEdit(config: Experiment, key: string, value: number): Experiment {
  const c = clone(config);
  const optimizer = key.startsWith('generator')
    ? c.optimizer.generator
    : key.startsWith('discriminator')
      ? c.optimizer.discriminator
      : null;
  if (optimizer) {
    const field = key.replace(/^(generator|discriminator)/, '');
    if (field === 'Lr') optimizer.lr = value;
    if (optimizer.kind === 'adam' && field === 'Beta1') optimizer.beta1 = value;
    if (optimizer.kind === 'adam' && field === 'Beta2') optimizer.beta2 = value;
  } else if (key === 'dStepsPerGStep' || key === 'steps') c.schedule[key] = value;
  else if (key === 'metricsEvery' || key === 'histogramsEvery' || key === 'samplesEvery' || key === 'checkpointEvery')
    c.logging[key] = value;
  return c;
}

// Frame pacing, to check that streaming stays smooth (measured from 1 s after the snapshot).
let measureFrom = Infinity;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.startTime > measureFrom) state.longTasks.push(Math.round(e.duration));
}).observe({ type: 'longtask', buffered: false });
let lastFrame = 0;
const frame = (t: number) => {
  if (state.snapshotSent && measureFrom === Infinity) measureFrom = t + 1000;
  if (lastFrame > 0 && t > measureFrom) {
    state.maxFrameGapMs = Math.max(state.maxFrameGapMs, t - lastFrame);
    state.frames++;
  }
  lastFrame = t;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

start();
