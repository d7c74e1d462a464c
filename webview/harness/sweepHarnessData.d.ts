/** The sweeps sweepBuild.mjs inlines into the sweep harness bundle. */
declare module 'sweep-harness-data' {
  import type { SweepView } from '../../src/shared/protocol';

  const data: { sweeps: Record<string, SweepView> };
  export default data;
}
