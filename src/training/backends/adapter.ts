/** What an adapter is called in the run's record, and whether it is a software rasteriser. */
import type { GpuAdapterInfo } from './dawnTypes';

const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render/i;

/** "vendor architecture device (description)", leaving out what the driver left empty. */
export function adapterName(info: GpuAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.device].map((s) => s.trim()).filter((s, i, all) => s !== '' && all.indexOf(s) === i);
  const name = parts.join(' ') || 'unnamed adapter';
  return info.description.trim() ? `${name} (${info.description.trim()})` : name;
}

/** Why the adapter is software (CPU) rendering, or undefined for a real GPU. */
export function softwareAdapterReason(info: GpuAdapterInfo): string | undefined {
  if (info.isFallbackAdapter === true) return 'the driver marks it as a fallback adapter';
  const match = [info.vendor, info.architecture, info.device, info.description].map((s) => SOFTWARE_RENDERERS.exec(s)?.[0]).find(Boolean);
  return match ? `${match} is a software renderer` : undefined;
}
