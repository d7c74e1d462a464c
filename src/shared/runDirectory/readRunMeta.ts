/**
 * The one reader of run.json, for the host (asynchronous, damage becomes problems to show) and the
 * trainer and CLIs (synchronous, damage becomes a RunFileError naming the file, the field and the fix).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES, type RunMeta } from '../runFormat';
import { errorCode, errorText, RunFileError, type RunFileProblem } from './runFileError';
import { checkRunMeta } from './runMetaCheck';

export type RunMetaRead = { ok: true; meta: RunMeta } | { ok: false; missing: boolean; problems: RunFileProblem[] };

export const runMetaFile = (runDir: string): string => join(runDir, RUN_FILES.meta);

const MISSING = 'missing; the trainer writes it when a run starts';

/** run.json's text as a RunMeta, or what is wrong with it. */
export function parseRunMeta(text: string): { meta: RunMeta } | { problems: RunFileProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      problems: [
        {
          message: `not valid JSON (${errorText(e)}); the trainer writes run.json whole, so it was cut short or edited: fix the text or restore the file`,
        },
      ],
    };
  }
  return checkRunMeta(value);
}

function fromText(text: string): RunMetaRead {
  const parsed = parseRunMeta(text);
  return 'meta' in parsed ? { ok: true, meta: parsed.meta } : { ok: false, missing: false, problems: parsed.problems };
}

function fromError(e: unknown): RunMetaRead {
  const missing = errorCode(e) === 'ENOENT';
  return { ok: false, missing, problems: [{ message: missing ? MISSING : `cannot be read: ${errorText(e)}` }] };
}

/** Reads `<runDir>/run.json`; never throws. */
export async function readRunMeta(runDir: string): Promise<RunMetaRead> {
  let text: string;
  try {
    text = await readFile(runMetaFile(runDir), 'utf8');
  } catch (e) {
    return fromError(e);
  }
  return fromText(text);
}

/** Reads `<runDir>/run.json`, synchronously; never throws. */
export function tryReadRunMetaSync(runDir: string): RunMetaRead {
  let text: string;
  try {
    text = readFileSync(runMetaFile(runDir), 'utf8');
  } catch (e) {
    return fromError(e);
  }
  return fromText(text);
}

/** Reads `<runDir>/run.json`, synchronously; throws a RunFileError when it is missing or damaged. */
export function readRunMetaSync(runDir: string): RunMeta {
  const read = tryReadRunMetaSync(runDir);
  if (!read.ok) throw new RunFileError(runMetaFile(runDir), read.problems);
  return read.meta;
}

/** Reads `<runDir>/run.json` for a view: null when it cannot be used, each problem added to `warnings` ("run.json: …"). */
export async function readRunMetaWarning(runDir: string, warnings: string[]): Promise<RunMeta | null> {
  const read = await readRunMeta(runDir);
  if (read.ok) return read.meta;
  warnings.push(...read.problems.map((p) => `${RUN_FILES.meta}: ${p.message}`));
  return null;
}
