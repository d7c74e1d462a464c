/**
 * Whether a shared library (a soname) can be found where the dynamic loader looks on Linux:
 * LD_LIBRARY_PATH, the loader's cache (/etc/ld.so.cache lists every soname it knows), the usual
 * library folders and CUDA's. For the native GPU backend's diagnosis when libtensorflow fell back to
 * the CPU in this process, whose log on stderr cannot be read back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const USUAL_FOLDERS = [
  '/usr/local/cuda/lib64',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib64',
  '/lib',
];

export function sharedLibraryFinder(env: NodeJS.ProcessEnv = process.env): (soname: string) => boolean {
  const folders = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...USUAL_FOLDERS];
  let cache: string | undefined;
  try {
    cache = readFileSync('/etc/ld.so.cache', 'latin1');
  } catch {
    cache = undefined;
  }
  return (soname) => (cache?.includes(`${soname}\0`) ?? false) || folders.some((folder) => existsSync(join(folder, soname)));
}
