/** Types of build.mjs, for the render tests (TypeScript) that import it. */
export const DEFAULT_OUT_DIR: string;
export const DEFAULT_RUNS_ROOT: string;
export function readRun(dir: string): unknown;
export function readRuns(runsRoot: string): Record<string, unknown>;
/** Builds the harness into outDir with the runs under runsRoot inlined; resolves with the runs' names. */
export function buildHarness(options?: { runsRoot?: string; outDir?: string; quiet?: boolean }): Promise<string[]>;
