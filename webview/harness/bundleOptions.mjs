// What every harness page build shares: esbuild's browser options and the plugin that inlines its data.

/** esbuild options every harness page bundle shares. */
export const BROWSER_BUILD = {
  bundle: true,
  sourcemap: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};

/** An esbuild plugin that makes `import … from '<name>'` the JSON of `data` (a harness's recorded runs). */
export function inlineDataPlugin(name, data) {
  const filter = new RegExp(`^${name}$`);
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: name }));
      build.onLoad({ filter: /.*/, namespace: name }, () => ({ contents: JSON.stringify(data), loader: 'json' }));
    },
  };
}
