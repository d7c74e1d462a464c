/**
 * What the webgpu tests need to run on a software adapter: Mesa's llvmpipe behind EGL, which Dawn's
 * OpenGL ES backend opens as "libEGL.so" (the unversioned name, shipped only in libegl-dev).
 * Installed with apt when missing and running as root, as CI does; otherwise the error names the
 * command. Never a skip: the suite proves the webgpu path.
 */
import { spawnSync } from 'node:child_process';

export const SOFTWARE_WEBGPU_PACKAGES = ['libegl-dev', 'libegl-mesa0', 'libgl1-mesa-dri'];

const installed = (pkg: string) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.trim() === 'install ok installed';

export function ensureSoftwareWebgpu(log: (m: string) => void = (m) => process.stderr.write(`[webgpu] ${m}\n`)): void {
  const missing = SOFTWARE_WEBGPU_PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0)
    throw new Error(`The webgpu tests need Mesa's EGL and llvmpipe (${missing.join(', ')}). Install them with: sudo sh -c '${command}'`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', ...missing]]) {
    log(`apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error || r.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (${r.error?.message ?? r.status}): ${(r.stdout + r.stderr).slice(-2000)}`);
  }
  const still = SOFTWARE_WEBGPU_PACKAGES.filter((p) => !installed(p));
  if (still.length > 0) throw new Error(`apt-get ran but ${still.join(', ')} is still not installed`);
}
