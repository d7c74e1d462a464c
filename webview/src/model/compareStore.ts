/**
 * Runs overlaid on this run's charts: the candidates the host listed, the runs asked for (until the
 * host's `compareRunAdded` arrives) and the runs added, in the order the user added them. Each
 * added run keeps its metrics as columns and its quality records, like the run store does.
 */
import type { CompareCandidate, CompareRunAddedMessage } from '../../../src/shared/protocol';
import type { QualityRecord } from '../../../src/shared/runFormat';
import { shortRunLabel } from '../logic/compare';
import { appendRecords, emptyColumns, type MetricColumns } from '../logic/metricColumns';
import { MAX_COMPARE_RUNS } from './uiState';

export interface ComparedRun {
  runDir: string;
  /** The host's label: `experiment · run id · status`. */
  label: string;
  /** For legends: `experiment run id`, shortened. */
  short: string;
  columns: MetricColumns;
  quality: QualityRecord[];
  /** Index into the theme's compare hues (kept while the run stays, so colours do not shift). */
  colorIndex: number;
}

export class CompareStore {
  /** The host's answer to `listCompareRuns` (null until one arrived). */
  candidates: CompareCandidate[] | null = null;
  /** Asked for with `addCompareRun`, not yet added. */
  readonly pending = new Set<string>();
  private readonly added = new Map<string, ComparedRun>();

  /** The runs overlaid, in the order added. */
  get runs(): ComparedRun[] {
    return [...this.added.values()];
  }

  has(runDir: string): boolean {
    return this.added.has(runDir) || this.pending.has(runDir);
  }

  /** How many more runs may be added. */
  room(): number {
    return MAX_COMPARE_RUNS - this.added.size - this.pending.size;
  }

  setCandidates(runs: readonly CompareCandidate[]): void {
    this.candidates = [...runs];
  }

  /** Marks a run as asked for; false when it is already there or there is no room. */
  request(runDir: string): boolean {
    if (runDir === '' || this.has(runDir) || this.room() <= 0) return false;
    this.pending.add(runDir);
    return true;
  }

  /** The host's series for a run; false when the run was removed (or never asked for) meanwhile. */
  add(payload: CompareRunAddedMessage['payload']): boolean {
    const known = this.pending.delete(payload.runDir) || this.added.has(payload.runDir);
    if (!known) return false;
    const columns = emptyColumns();
    appendRecords(
      columns,
      [...payload.metrics].sort((a, b) => a.step - b.step),
    );
    const previous = this.added.get(payload.runDir);
    this.added.set(payload.runDir, {
      runDir: payload.runDir,
      label: payload.label,
      short: shortRunLabel(payload.label, payload.runDir),
      columns,
      quality: [...payload.quality].sort((a, b) => a.step - b.step),
      colorIndex: previous?.colorIndex ?? this.freeColor(),
    });
    return true;
  }

  remove(runDir: string): boolean {
    const removed = this.pending.delete(runDir);
    return this.added.delete(runDir) || removed;
  }

  /** The run directories shown or asked for, in order (what the view state keeps). */
  runDirs(): string[] {
    return [...this.added.keys(), ...this.pending];
  }

  /** The label of a run known from the candidates (for a chip while its series load). */
  labelOf(runDir: string): string {
    const run = this.added.get(runDir);
    if (run) return run.short;
    const candidate = this.candidates?.find((c) => c.runDir === runDir);
    return shortRunLabel(candidate?.label ?? '', runDir);
  }

  private freeColor(): number {
    const used = new Set([...this.added.values()].map((r) => r.colorIndex));
    let i = 0;
    while (used.has(i)) i++;
    return i;
  }
}
