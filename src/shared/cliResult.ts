/**
 * What `gan-sample --json` and `gan-export --json` print, and how the host reads it: JSON Lines on
 * stdout, `progress` lines while the tool works, then one `result` line, the last. A failure is a
 * result too (`ok: false`) with the message and, where known, the file and field it is about. The
 * human text (the default) is for terminals; the extension always asks for JSON and never parses
 * the text.
 */
import type { QualityMetrics, SamplingSettings } from './runFormat';

export type CliTool = 'gan-sample' | 'gan-export';

export interface CliProgress {
  type: 'progress';
  step: number;
  total: number;
}

export interface CliError {
  /** `usage`: the command line (exit 2); `run`: the run cannot be used (exit 1); `internal`: a bug (exit 1). */
  kind: 'usage' | 'run' | 'internal';
  message: string;
  /** The file the problem is in, when the tool knows it. */
  file?: string;
  /** The field of that file (a JSON path such as `data.kind`, or a variable of a checkpoint's weights), when the tool knows it. */
  field?: string;
  /** The checkpoint is damaged: the newest intact checkpoint folder of the run, to offer instead. */
  intactCheckpoint?: string;
}

export interface CliFailure {
  type: 'result';
  tool: CliTool;
  ok: false;
  exitCode: number;
  error: CliError;
}

export interface SampleSuccess {
  type: 'result';
  tool: 'gan-sample';
  ok: true;
  /** The result folder, `<run>/sampling/<id>`, and its id. */
  folder: string;
  id: string;
  /** The names of the files written into `folder`. */
  files: string[];
  checkpointStep: number;
  backend: string;
  durationSeconds: number;
  settings: SamplingSettings;
  /** Accepted proposals over all proposals (1 for Langevin). */
  acceptanceRate: number;
  /** The mean energy of the chains at the start and the end (null where not finite). */
  meanEnergy: { start: number | null; final: number | null };
  quality: { before: QualityMetrics; after: QualityMetrics } | null;
  /** `quality` as the human summary writes it. */
  qualityText: { before: string; after: string } | null;
  /** What the reader should know (the result's notes). */
  warnings: string[];
}

export interface ExportSuccess {
  type: 'result';
  tool: 'gan-export';
  ok: true;
  /** The model's folder and the names of the files written into it. */
  folder: string;
  files: string[];
  /** The checkpoint step the generator was taken from. */
  step: number;
  warnings: string[];
}

export type CliResult = SampleSuccess | ExportSuccess | CliFailure;
export type CliLine = CliProgress | CliResult;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumberOrNull = (v: unknown) => v === null || typeof v === 'number';

function isCliError(v: unknown): v is CliError {
  return (
    isRecord(v) &&
    (v.kind === 'usage' || v.kind === 'run' || v.kind === 'internal') &&
    typeof v.message === 'string' &&
    (v.file === undefined || typeof v.file === 'string') &&
    (v.field === undefined || typeof v.field === 'string') &&
    (v.intactCheckpoint === undefined || typeof v.intactCheckpoint === 'string')
  );
}

function isSampleSuccess(v: Record<string, unknown>): v is Record<string, unknown> & SampleSuccess {
  const { meanEnergy, settings } = v;
  return (
    typeof v.folder === 'string' &&
    typeof v.id === 'string' &&
    isStrings(v.files) &&
    typeof v.checkpointStep === 'number' &&
    typeof v.backend === 'string' &&
    typeof v.durationSeconds === 'number' &&
    isRecord(settings) &&
    typeof settings.method === 'string' &&
    typeof settings.steps === 'number' &&
    typeof v.acceptanceRate === 'number' &&
    isRecord(meanEnergy) &&
    isNumberOrNull(meanEnergy.start) &&
    isNumberOrNull(meanEnergy.final) &&
    (v.quality === null || isRecord(v.quality)) &&
    (v.qualityText === null || (isRecord(v.qualityText) && typeof v.qualityText.after === 'string')) &&
    isStrings(v.warnings)
  );
}

function isExportSuccess(v: Record<string, unknown>): v is Record<string, unknown> & ExportSuccess {
  return typeof v.folder === 'string' && isStrings(v.files) && typeof v.step === 'number' && isStrings(v.warnings);
}

/** One line of a tool's stdout, when it is a line of this format; anything else (a stray log line) is undefined. */
export function readCliLine(line: string, tool: CliTool): CliLine | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  if (v.type === 'progress')
    return typeof v.step === 'number' && typeof v.total === 'number' ? { type: 'progress', step: v.step, total: v.total } : undefined;
  if (v.type !== 'result' || v.tool !== tool) return undefined;
  if (v.ok === false)
    return typeof v.exitCode === 'number' && isCliError(v.error)
      ? { type: 'result', tool, ok: false, exitCode: v.exitCode, error: v.error }
      : undefined;
  if (v.ok !== true) return undefined;
  if (tool === 'gan-sample') return isSampleSuccess(v) ? v : undefined;
  return isExportSuccess(v) ? v : undefined;
}

/** The result a tool printed (its last result line), or undefined when it printed none. */
export function cliResultOf(stdout: string, tool: CliTool): CliResult | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = readCliLine(lines[i]!, tool);
    if (line?.type === 'result') return line;
  }
  return undefined;
}

/** `error` as one line for a person: the message, then the file (and field) when the message does not name the file. */
export function describeCliError(error: CliError): string {
  const { message, file, field } = error;
  if (file !== undefined) return message.includes(file) ? message : `${message} (${field === undefined ? file : `${file}: ${field}`})`;
  return field === undefined || message.includes(field) ? message : `${message} (${field})`;
}

const energyText = (v: number | null) => (v === null ? 'not finite' : v.toPrecision(4));

/** The sampling summary's headline, shared by the CLI's text and the extension's notification. */
export function samplingHeadline(result: Pick<SampleSuccess, 'settings' | 'acceptanceRate' | 'meanEnergy'>): string {
  const acceptance = result.settings.method === 'langevin' ? '1 (Langevin has no accept/reject test)' : result.acceptanceRate.toFixed(3);
  return `acceptance ${acceptance} · mean energy ${energyText(result.meanEnergy.start)} → ${energyText(result.meanEnergy.final)}`;
}

/** The mean of `values`; null when one is null (not finite) or there are none. */
export function meanOrNull(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return values.length > 0 ? sum / values.length : null;
}
