/** Types of sweepBuild.mjs, for the render tests (TypeScript) that import it. */
import type { SweepView } from '../../src/shared/protocol';

/** Builds the sweep dashboard's harness into outDir (sweep.html) with these sweeps, by name. */
export function buildSweepHarness(options: { sweeps: Record<string, SweepView>; outDir: string }): Promise<void>;
