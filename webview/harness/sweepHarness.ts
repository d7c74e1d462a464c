/**
 * Harness for the sweep dashboard outside VS Code: applies a VS Code theme's CSS variables, fakes
 * `acquireVsCodeApi` and plays the host with a sweep read from a sweep folder (inlined by
 * sweepBuild.mjs).
 *
 * Query: ?sweep=<name>&theme=dark|light|high-contrast&mode=static|live
 *   static  the sweep as read, sent once in answer to `sweepReady`
 *   live    the sweep as it was while it ran: the trials after the first two pending, the second
 *           running at half its steps with no metrics yet; then every 400 ms one more trial ends as
 *           read, until the sweep is whole (`__harness.streamDone`); with &hold=1 the stream waits
 *           after the first sweep until `__harness.release()` (tests read the first state whatever
 *           the machine's load)
 * Everything the page posts is kept in `__harness.posted`.
 */
import data from 'sweep-harness-data';
import type { SweepTrialView, SweepView, SweepViewToHost } from '../../src/shared/protocol';
import { THEMES } from './themes';

interface SweepHarnessState {
  posted: SweepViewToHost[];
  snapshotSent: boolean;
  streamDone: boolean;
  /** Sweeps sent so far. */
  sent: number;
  errors: string[];
  /** With &hold=1: starts the live stream. */
  release: () => void;
}

/** The page's window as this harness sets it up (the dashboard harness declares the global one). */
const harnessWindow = window as unknown as {
  __harness: SweepHarnessState;
  acquireVsCodeApi: () => { postMessage(m: SweepViewToHost): void; getState(): unknown; setState(s: unknown): void };
};

const params = new URLSearchParams(location.search);
const theme = THEMES[params.get('theme') ?? 'dark'] ?? THEMES.dark!;
const mode = params.get('mode') ?? 'static';
const sweeps = data.sweeps;
const sweep: SweepView | undefined = sweeps[params.get('sweep') ?? Object.keys(sweeps)[0] ?? ''];

const hold = params.get('hold') === '1';
let released: () => void = () => undefined;
const releasedOnce = new Promise<void>((resolve) => (released = resolve));
const state: SweepHarnessState = {
  posted: [],
  snapshotSent: false,
  streamDone: mode === 'static',
  sent: 0,
  errors: [],
  release: () => released(),
};
harnessWindow.__harness = state;
window.addEventListener('error', (e) => state.errors.push(String(e.message)));
document.addEventListener('securitypolicyviolation', (e) => state.errors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(name, value);
document.body.classList.add(theme.bodyClass);

const send = (s: SweepView) => {
  window.postMessage({ type: 'sweepShown', payload: s }, '*');
  state.sent++;
  state.snapshotSent = true;
};

/** The sweep when only the first `ended` trials have ended: the next runs at half its steps, the rest wait. */
function partial(whole: SweepView, ended: number): SweepView {
  const trials = whole.trials.map((t, i): SweepTrialView => {
    if (i < ended) return t;
    if (i === ended) return { ...t, state: 'running', step: Math.floor(t.totalSteps / 2), metrics: {}, error: null };
    return { ...t, state: 'pending', step: 0, metrics: {}, runDir: null, error: null };
  });
  const best = [...trials]
    .filter((t) => Number.isFinite(t.metrics[whole.objective.metric]))
    .sort(
      (a, b) => (whole.objective.lowerIsBetter ? 1 : -1) * (a.metrics[whole.objective.metric]! - b.metrics[whole.objective.metric]!),
    )[0];
  return { ...whole, trials, best: best?.index ?? null, active: true };
}

async function play(): Promise<void> {
  if (!sweep) return;
  if (mode !== 'live') return send(sweep);
  let ended = 1;
  send(partial(sweep, ended));
  if (hold) await releasedOnce;
  const timer = setInterval(() => {
    ended++;
    if (ended >= sweep.trials.length) {
      clearInterval(timer);
      send(sweep);
      state.streamDone = true;
    } else send(partial(sweep, ended));
  }, 400);
}

harnessWindow.acquireVsCodeApi = () => ({
  postMessage(message: SweepViewToHost) {
    state.posted.push(message);
    if (message.type === 'sweepReady') setTimeout(() => void play(), 0);
  },
  getState: () => undefined,
  setState: () => undefined,
});
