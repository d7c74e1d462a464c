/**
 * How a check reports a problem at a JSON path: the signature validate.ts hands to the semantic
 * checks (semantics.ts, conditionalChecks.ts, imageDataChecks.ts). Its own module, so those checks
 * do not import validate.ts, which imports them.
 */
import type { JsonPath } from './sourceMap';

export interface ProblemDetail {
  expected?: string;
  found?: string;
  /** Where the problem points: the value at the path (default) or its key. */
  at?: 'key';
}

export type Report = (path: JsonPath, message: string, detail?: ProblemDetail) => void;
