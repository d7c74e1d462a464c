/** One thing wrong with a run file: what, and the field it is about (a JSON path such as `data.dim`) when it is one field. */
export interface RunFileProblem {
  message: string;
  field?: string;
}

/**
 * A run file that cannot be used: the message names the file, then on each line what is wrong and
 * the fix; `file` and `field` (the first problem's) let a caller report them apart (`--json`).
 */
export class RunFileError extends Error {
  readonly field: string | undefined;

  constructor(
    readonly file: string,
    problems: readonly RunFileProblem[],
    message = problems.map((p) => `${file}: ${p.message}`).join('\n'),
  ) {
    super(message);
    this.field = problems.find((p) => p.field !== undefined)?.field;
  }
}

/** The code of a Node file-system error (ENOENT, EACCES, …), if it has one. */
export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
