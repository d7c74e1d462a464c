/**
 * Finds a WebGPU adapter through Dawn. The native route comes first (Vulkan on Linux, Metal,
 * D3D12), where real GPUs are. A forced webgpu on Linux then tries Dawn's OpenGL ES backend at the
 * `compatibility` feature level, which Mesa's llvmpipe provides headless with
 * EGL_PLATFORM=surfaceless (set here when unset). Auto does not: a real GPU on Linux has a Vulkan
 * driver, so that route would only find a software renderer to skip, and Dawn's GL backend prints
 * warnings on stderr.
 */
import type { DawnModule, Gpu, GpuAdapter } from './dawnTypes';
import { VULKAN_LOADER } from './vulkanLoader';

export interface AdapterHost {
  platform: NodeJS.Platform;
  vulkanLoaderPresent(): boolean;
  env: NodeJS.ProcessEnv;
}

export interface FoundAdapter {
  gpu: Gpu;
  adapter: GpuAdapter;
  /** Which of Dawn's backends it came through, for the record. */
  route: string;
  /** Whether auto tries that route too. */
  autoRoute: boolean;
}

interface Route {
  label: string;
  dawnOptions: string[];
  featureLevel?: 'compatibility';
  autoRoute: boolean;
  /** Why the route cannot be tried here, if it cannot. */
  unavailable?: string;
  prepare?: () => void;
}

function routes(forced: boolean, host: AdapterHost): Route[] {
  if (host.platform !== 'linux') return [{ label: 'native backend', dawnOptions: [], autoRoute: true }];
  const vulkan: Route = {
    label: 'Vulkan',
    dawnOptions: ['backend=vulkan'],
    autoRoute: true,
    ...(!host.vulkanLoaderPresent() && { unavailable: `no Vulkan loader (${VULKAN_LOADER}; Debian package libvulkan1)` }),
  };
  if (!forced) return [vulkan];
  const openGles: Route = {
    label: 'OpenGL ES (compatibility feature level)',
    dawnOptions: ['backend=opengles'],
    featureLevel: 'compatibility',
    autoRoute: false,
    prepare: () => {
      // Mesa's EGL then needs no display server.
      host.env.EGL_PLATFORM ??= 'surfaceless';
    },
  };
  return [vulkan, openGles];
}

export async function findAdapter(dawn: DawnModule, forced: boolean, host: AdapterHost): Promise<FoundAdapter | { missing: string }> {
  const misses: string[] = [];
  for (const route of routes(forced, host)) {
    if (route.unavailable) {
      misses.push(route.unavailable);
      continue;
    }
    route.prepare?.();
    const gpu = dawn.create(route.dawnOptions);
    const adapter = await gpu.requestAdapter({
      powerPreference: 'high-performance',
      ...(route.featureLevel && { featureLevel: route.featureLevel }),
    });
    if (adapter) return { gpu, adapter, route: route.label, autoRoute: route.autoRoute };
    misses.push(`Dawn found no ${route.label} adapter`);
  }
  return { missing: `no WebGPU adapter: ${misses.join('; ')}` };
}
