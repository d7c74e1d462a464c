/**
 * The wasm thread count the editor asks a trainer for. A set value is passed as it is. By default
 * (0) a trainer that starts alone takes every core (gan-train's own default); one that starts while
 * others train takes its share of the cores, so that runs started together do not oversubscribe
 * the machine (measured on two cores: 2 threads each for two runs made a ring-8 step 0.73× as fast
 * as one thread, bench/RESULTS.md). Runs already training keep what they started with.
 */
export function trainerThreads(setting: number, cores: number, othersTraining: number): number | undefined {
  if (setting > 0) return setting;
  if (othersTraining === 0) return undefined;
  return Math.max(1, Math.floor(cores / (othersTraining + 1)));
}
