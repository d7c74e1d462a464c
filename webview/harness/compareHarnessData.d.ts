/** The comparisons the compare harness plays (inlined by compareBuild.mjs). */
declare module 'compare-harness-data' {
  import type { ComparedRun, ShownSamples } from '../../src/shared/protocol';
  const data: { comparisons: Record<string, { runs: ComparedRun[]; samples: ShownSamples[][] }> };
  export default data;
}
