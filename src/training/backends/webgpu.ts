/**
 * `webgpu`: @tensorflow/tfjs-backend-webgpu on Dawn (the `webgpu` package), both optional
 * dependencies. The project requests the adapter and device itself (rather than letting the tfjs
 * package do it) to choose Dawn's backend and feature level, to name the adapter, to skip software
 * adapters under auto, and to raise the storage-buffer limit that compatibility mode sets to 4.
 */
import * as tf from '@tensorflow/tfjs';
import { adapterName, softwareAdapterReason } from './adapter';
import { DEVICE_LIMITS, type DawnModule, type DeviceLimit, type GpuAdapter, type GpuDevice, type TfjsWebgpuModule } from './dawnTypes';
import { findAdapter, type AdapterHost } from './findAdapter';
import { firstLine, type StartResult } from './types';
import { vulkanLoaderPresent } from './vulkanLoader';

export interface WebgpuHost extends AdapterHost {
  loadDawn(): Promise<DawnModule>;
  loadTfjsWebgpu(): TfjsWebgpuModule;
}

// A variable, not a literal: TypeScript then does not need the optional package's types, and
// esbuild leaves the import() alone (the package is ESM-only; a require() of it would fail).
const DAWN_PACKAGE = 'webgpu';

function asDawnModule(loaded: unknown): DawnModule {
  const m = loaded as Partial<DawnModule> | null;
  if (typeof m?.create !== 'function' || typeof m.globals !== 'object' || m.globals === null)
    throw new Error(`the "${DAWN_PACKAGE}" package does not export create() and globals`);
  return m as DawnModule;
}

export const realWebgpuHost: WebgpuHost = {
  platform: process.platform,
  env: process.env,
  vulkanLoaderPresent,
  loadDawn: async () => asDawnModule(await import(DAWN_PACKAGE)),
  loadTfjsWebgpu: () => require('@tensorflow/tfjs-backend-webgpu') as TfjsWebgpuModule,
};

interface Started {
  name: string;
  route: string;
  /** Whether auto would have found it (not through a route only a forced webgpu tries). */
  autoRoute: boolean;
  software: string | undefined;
  /** Absent until the device is created (auto skips a software adapter before that). */
  device?: GpuDevice;
}

/** The registered backend, kept so that a later selection in the same process reuses its device. */
let current: Started | undefined;

const installGlobals = (dawn: DawnModule, gpu: object) => {
  for (const [key, value] of Object.entries(dawn.globals))
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  // tfjs-backend-webgpu's constructor checks navigator.gpu. Node 20 has no navigator; 21+ has one without gpu.
  if (typeof globalThis.navigator === 'undefined')
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
};

const requiredLimits = (adapter: GpuAdapter) =>
  Object.fromEntries(DEVICE_LIMITS.map((limit) => [limit, adapter.limits[limit]])) as Record<DeviceLimit, number>;

function outcome({ name, route, software, device }: Started, forced: boolean): StartResult {
  if (software && !forced)
    return {
      ok: false,
      reason: `the WebGPU adapter is ${name}, a software adapter (${software}); auto uses only a real GPU — name "webgpu" to use it anyway`,
    };
  return {
    ok: true,
    reason: `WebGPU on ${name} through Dawn's ${route}${software ? ` — a software adapter (${software}): correct but slow` : ''}`,
    device: name,
    release: () => {
      tf.removeBackend('webgpu');
      device?.destroy();
      current = undefined;
    },
  };
}

async function loadPackages(host: WebgpuHost): Promise<{ dawn: DawnModule; tfjsWebgpu: TfjsWebgpuModule } | { reason: string }> {
  let dawn: DawnModule;
  try {
    dawn = await host.loadDawn();
  } catch (e) {
    return { reason: `the optional package "${DAWN_PACKAGE}" (Dawn) is not installed or cannot load: ${firstLine(e)}` };
  }
  try {
    return { dawn, tfjsWebgpu: host.loadTfjsWebgpu() };
  } catch (e) {
    return { reason: `@tensorflow/tfjs-backend-webgpu is not installed or cannot load: ${firstLine(e)}` };
  }
}

export async function startWebgpu(forced: boolean, host: WebgpuHost = realWebgpuHost): Promise<StartResult> {
  if (current && tf.findBackend('webgpu') && (forced || current.autoRoute)) {
    const result = outcome(current, forced);
    if (result.ok && !(await tf.setBackend('webgpu'))) return { ok: false, reason: 'the webgpu backend failed to initialise' };
    return result;
  }
  const packages = await loadPackages(host);
  if ('reason' in packages) return { ok: false, reason: packages.reason };
  const { dawn, tfjsWebgpu } = packages;
  try {
    const found = await findAdapter(dawn, forced, host);
    if ('missing' in found) return { ok: false, reason: found.missing };
    const { gpu, adapter, route, autoRoute } = found;
    const started: Started = { name: adapterName(adapter.info), route, autoRoute, software: softwareAdapterReason(adapter.info) };
    if (started.software && !forced) return outcome(started, forced);
    const device = await adapter.requestDevice({ requiredLimits: requiredLimits(adapter) });
    installGlobals(dawn, gpu);
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    current?.device?.destroy();
    current = undefined;
    tf.registerBackend('webgpu', () => new tfjsWebgpu.WebGPUBackend(device, adapter.info));
    if (!(await tf.setBackend('webgpu'))) {
      tf.removeBackend('webgpu');
      device.destroy();
      return { ok: false, reason: `the webgpu backend failed to initialise on ${started.name}` };
    }
    current = { ...started, device };
    return outcome(current, forced);
  } catch (e) {
    return { ok: false, reason: `WebGPU failed to start: ${firstLine(e)}` };
  }
}
