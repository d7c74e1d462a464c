/**
 * Harness of the comparison page (GAN: Compare Runs) outside VS Code: applies a VS Code theme's
 * CSS variables, fakes `acquireVsCodeApi` and plays the host with comparisons read by the host's
 * own reader (readComparison) and the runs' samples records (with their grids, as the host sends
 * them). Query: ?comparison=<name>&theme=dark|light|high-contrast. What the page posts is in
 * `__harness.posted`; a `requestComparedSamples` is answered like the host does (nothing when
 * the run has no record at that step).
 */
import data from 'compare-harness-data';
import type { ComparedRun, ComparisonViewToHost, HostToComparisonView, ShownSamples } from '../../src/shared/protocol';
import { THEMES } from './themes';

interface CompareHarnessState {
  posted: ComparisonViewToHost[];
  snapshotSent: boolean;
  errors: string[];
  state: unknown;
}

/** The page's window as this harness sets it up (the dashboard harness declares another shape). */
const page = window as unknown as {
  __harness: CompareHarnessState;
  acquireVsCodeApi: () => { postMessage(m: ComparisonViewToHost): void; getState(): unknown; setState(s: unknown): void };
};

const params = new URLSearchParams(location.search);
const theme = THEMES[params.get('theme') ?? 'dark'] ?? THEMES.dark!;
const comparison: { runs: ComparedRun[]; samples: ShownSamples[][] } | undefined =
  data.comparisons[params.get('comparison') ?? Object.keys(data.comparisons)[0] ?? ''];

const harness: CompareHarnessState = { posted: [], snapshotSent: false, errors: [], state: undefined };
page.__harness = harness;
window.addEventListener('error', (e) => harness.errors.push(String(e.message)));
document.addEventListener('securitypolicyviolation', (e) => harness.errors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
for (const [name, value] of Object.entries(theme.vars)) document.documentElement.style.setProperty(name, value);
document.body.classList.add(theme.bodyClass);

const send = (message: HostToComparisonView) => setTimeout(() => window.postMessage(JSON.parse(JSON.stringify(message)), '*'), 5);

page.acquireVsCodeApi = () => ({
  postMessage(message: ComparisonViewToHost) {
    harness.posted.push(message);
    if (!comparison) return;
    if (message.type === 'comparisonReady') {
      send({ type: 'comparisonShown', payload: { runs: comparison.runs } });
      setTimeout(() => (harness.snapshotSent = true), 10);
    } else {
      const { run, step } = message.payload;
      const record = comparison.samples[run]?.find((r) => r.step === step);
      if (record) send({ type: 'comparedSamples', payload: { run, record } });
    }
  },
  getState: () => harness.state,
  setState: (s: unknown) => (harness.state = s),
});
