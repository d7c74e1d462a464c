/** Types of compareBuild.mjs, for the render tests (TypeScript) that import it. */
import type { ComparedRun, ShownSamples } from '../../src/shared/protocol';

/** Builds the comparison page's harness into outDir (compare.html) with these comparisons, by name. */
export function buildCompareHarness(options: {
  comparisons: Record<string, { runs: ComparedRun[]; samples: ShownSamples[][] }>;
  outDir: string;
}): Promise<void>;
