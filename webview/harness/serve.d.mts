/** Types of serve.mjs, for the render tests (TypeScript) that import it. */
export function serveHarness(
  dir: string,
  options?: { log?: (message: string) => void },
): Promise<{ base: string; close: () => Promise<void> }>;
export const CHROMIUM_ARGS: string[];
