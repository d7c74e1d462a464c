/**
 * The user's choices in a view (smoothing, log scale, shown series, toggles), kept with
 * `vscode.setState` so a reload or a hidden-then-shown panel restores them.
 */

export interface UiState {
  smoothing: number;
  logScale: boolean;
  /** Series the user showed (true) or hid (false), by chart and series id; unlisted series use their default. */
  visibility: Record<string, Record<string, boolean>>;
  showGradients: boolean;
  followSamples: boolean;
  /** The run this panel shows: the host's serializer reopens it after a window reload. */
  runDir: string;
  /** Runs overlaid on the charts (run directories, in the order added); asked for again after a reload. */
  compareRuns: string[];
}

export const DEFAULT_UI_STATE: UiState = {
  smoothing: 0.6,
  logScale: false,
  visibility: {},
  showGradients: false,
  followSamples: true,
  runDir: '',
  compareRuns: [],
};

/** At most this many runs are overlaid at once. */
export const MAX_COMPARE_RUNS = 6;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A UiState from whatever getState returned: valid fields kept, the rest defaulted. */
export function restoreUiState(saved: unknown): UiState {
  const s = isRecord(saved) ? saved : {};
  const bool = (key: keyof UiState) => (typeof s[key] === 'boolean' ? (s[key] as boolean) : (DEFAULT_UI_STATE[key] as boolean));
  const smoothing = typeof s.smoothing === 'number' && s.smoothing >= 0 && s.smoothing <= 0.99 ? s.smoothing : DEFAULT_UI_STATE.smoothing;
  const visibility: UiState['visibility'] = {};
  if (isRecord(s.visibility)) {
    for (const [chart, entries] of Object.entries(s.visibility)) {
      if (!isRecord(entries)) continue;
      const kept = Object.entries(entries).filter(([, v]) => typeof v === 'boolean') as [string, boolean][];
      visibility[chart] = Object.fromEntries(kept);
    }
  }
  return {
    smoothing,
    logScale: bool('logScale'),
    visibility,
    showGradients: bool('showGradients'),
    followSamples: bool('followSamples'),
    runDir: typeof s.runDir === 'string' ? s.runDir : '',
    compareRuns: Array.isArray(s.compareRuns)
      ? [...new Set(s.compareRuns.filter((d): d is string => typeof d === 'string' && d !== ''))].slice(0, MAX_COMPARE_RUNS)
      : [],
  };
}

/** Whether a series is shown: the user's choice, else its default. */
export function isSeriesVisible(state: UiState, chart: string, id: string, hiddenByDefault = false): boolean {
  const choice = state.visibility[chart]?.[id];
  return choice ?? !hiddenByDefault;
}
