/**
 * Whether the Vulkan loader (libvulkan.so.1) can be found, checked before Dawn looks for a Vulkan
 * adapter: without it Dawn prints a warning on stderr on every start, which auto would cause on
 * every machine without Vulkan. The search follows the dynamic loader's: LD_LIBRARY_PATH, the
 * folders listed in /etc/ld.so.conf.d, then the default ones.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VULKAN_LOADER = 'libvulkan.so.1';

function configuredFolders(confDir = '/etc/ld.so.conf.d'): string[] {
  if (!existsSync(confDir)) return [];
  return readdirSync(confDir)
    .filter((f) => f.endsWith('.conf'))
    .flatMap((f) => readFileSync(join(confDir, f), 'utf8').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('/'));
}

export function vulkanLoaderPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  const folders = [
    ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    ...configuredFolders(),
    '/lib',
    '/usr/lib',
    '/lib64',
    '/usr/lib64',
  ];
  return folders.some((folder) => existsSync(join(folder, VULKAN_LOADER)));
}
