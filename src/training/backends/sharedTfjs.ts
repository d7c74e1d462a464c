/**
 * Loads a package so that its TensorFlow.js imports are the trainer's own. The native backend
 * installed on demand sits in a folder of its own, beside its own copy of @tensorflow/tfjs and
 * tfjs-core (npm installs its dependencies there too). tfjs-core keeps its engine and kernel
 * registry on the global object, so a second copy would still register into the one engine, but it
 * would register the cpu backend and all its kernels a second time (with a warning each) and mix
 * two versions of the engine's code. While the package loads, every `@tensorflow/tfjs…` request it
 * makes (other than the native packages themselves) resolves to the copy the trainer uses.
 */
import Module from 'node:module';

/** The tfjs packages shared with the trainer: the umbrella package and its parts, not tfjs-node or tfjs-node-gpu. */
export const SHARED_TFJS = /^@tensorflow\/tfjs(?:-core|-backend-cpu|-converter|-layers|-data)?(?:\/|$)/;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };

/** Runs `load` with tfjs requests resolved as `resolveOwn` (the trainer's require.resolve) resolves them. */
export function withSharedTfjs<T>(load: () => T, resolveOwn: (request: string) => string = require.resolve): T {
  const original = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    if (SHARED_TFJS.test(request))
      try {
        return resolveOwn(request);
      } catch {
        // Not resolvable from the trainer: the package's own copy.
      }
    return original.call(this, request, parent, isMain, options);
  };
  try {
    return load();
  } finally {
    loader._resolveFilename = original;
  }
}
