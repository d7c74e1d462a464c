/**
 * The platform-specific packages: what each `vsce package --target` adds to the base allowlist
 * (.vscodeignore, which alone makes the universal package: no Dawn, no WebGPU backend).
 *
 * What Node loads of the two optional packages, and so all that ships of them:
 * - `webgpu` (Dawn): package.json (`"type": "module"`, `"main": "index.js"`; no `exports`) and
 *   index.js, which imports only Node built-ins and `require`s
 *   `dist/<platform>-<arch>/dawn.node` — with `universal` as the arch on macOS, so both darwin
 *   targets carry dist/darwin-universal/. On Windows dawn.node loads d3dcompiler_47.dll and
 *   dxcompiler.dll from its own folder, so they ship beside it with dxcompiler's licence texts. Its
 *   dependencies (`debug`, `@webgpu/types`) are never loaded; LICENSE.md ships for the MIT notice.
 * - `@tensorflow/tfjs-backend-webgpu`: package.json (`"main": "dist/tf-backend-webgpu.node.js"`)
 *   and that bundle, which requires only @tensorflow/tfjs-core (shipped in the base allowlist).
 */

export const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;
export type Target = (typeof TARGETS)[number];

/** The folder under node_modules/webgpu/dist/ that index.js loads on each target, and its files that ship. */
const DAWN: Record<Target, { folder: string; files: readonly string[] }> = {
  'linux-x64': { folder: 'linux-x64', files: ['dawn.node'] },
  'linux-arm64': { folder: 'linux-arm64', files: ['dawn.node'] },
  'darwin-x64': { folder: 'darwin-universal', files: ['dawn.node'] },
  'darwin-arm64': { folder: 'darwin-universal', files: ['dawn.node'] },
  'win32-x64': {
    folder: 'win32-x64',
    files: ['dawn.node', 'd3dcompiler_47.dll', 'dxcompiler.dll', 'dxcompiler-LICENSE.TXT', 'dxcompiler-ThirdPartyNotices.txt'],
  },
  'win32-arm64': {
    folder: 'win32-arm64',
    files: ['dawn.node', 'd3dcompiler_47.dll', 'dxcompiler.dll', 'dxcompiler-LICENSE.TXT', 'dxcompiler-ThirdPartyNotices.txt'],
  },
};

const DAWN_DIST = 'node_modules/webgpu/dist';

/** What every platform package adds besides its Dawn folder: the loaders and the WebGPU backend. */
export const WEBGPU_BACKEND_FILES: readonly string[] = [
  'node_modules/webgpu/package.json',
  'node_modules/webgpu/index.js',
  'node_modules/webgpu/LICENSE.md',
  'node_modules/@tensorflow/tfjs-backend-webgpu/package.json',
  'node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js',
];

/** Every Dawn folder some target ships (darwin's two share one). */
export const DAWN_FOLDERS: readonly string[] = [...new Set(TARGETS.map((t) => `${DAWN_DIST}/${DAWN[t].folder}`))];

/** The Dawn binary index.js loads on `target`. */
export const dawnBinary = (target: Target): string => `${DAWN_DIST}/${DAWN[target].folder}/dawn.node`;

/** Everything `target`'s package carries beyond the universal one, as paths inside the extension. */
export function targetFiles(target: Target): string[] {
  return [...WEBGPU_BACKEND_FILES, ...DAWN[target].files.map((f) => `${DAWN_DIST}/${DAWN[target].folder}/${f}`)];
}

/** The allowlist vsce packages `target` with: the base .vscodeignore, then the target's files. */
export function targetIgnoreText(baseIgnoreText: string, target: Target): string {
  const lines = targetFiles(target).map((f) => `!${f}`);
  return `${baseIgnoreText.trimEnd()}\n# ${target}: Dawn and the WebGPU backend (scripts/packageTargets.ts)\n${lines.join('\n')}\n`;
}

/** The package file for `target`, or the universal one. */
export const vsixName = (target?: Target): string => (target ? `gan-workbench-${target}.vsix` : 'gan-workbench.vsix');

export function isTarget(name: string): name is Target {
  return (TARGETS as readonly string[]).includes(name);
}
