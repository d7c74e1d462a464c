import type { KernelBackend } from '@tensorflow/tfjs';

/**
 * The slice of the WebGPU API this project uses, typed here rather than through the optional
 * `webgpu` package's global @webgpu/types (so the project type-checks without it installed).
 */

export interface GpuAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter?: boolean;
}

/** The limits tfjs-backend-webgpu asks for, and the one compatibility mode sets low. */
export const DEVICE_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

export type DeviceLimit = (typeof DEVICE_LIMITS)[number];

export interface GpuDevice {
  destroy(): void;
}

export interface GpuAdapter {
  readonly info: GpuAdapterInfo;
  readonly limits: Readonly<Record<DeviceLimit, number>>;
  requestDevice(descriptor: { requiredLimits: Partial<Record<DeviceLimit, number>> }): Promise<GpuDevice>;
}

export interface GpuRequestOptions {
  powerPreference?: 'high-performance' | 'low-power';
  featureLevel?: 'core' | 'compatibility';
}

export interface Gpu {
  requestAdapter(options?: GpuRequestOptions): Promise<GpuAdapter | null>;
}

/** The `webgpu` package: Dawn's Node binding. */
export interface DawnModule {
  /** A GPU entry point (`navigator.gpu`) with Dawn options such as "backend=opengles". */
  create(options: string[]): Gpu;
  /** GPUBufferUsage, GPUMapMode, … which tfjs-backend-webgpu reads from the global scope. */
  globals: Record<string, unknown>;
}

/** The part of @tensorflow/tfjs-backend-webgpu used: its backend class. */
export interface TfjsWebgpuModule {
  WebGPUBackend: new (device: GpuDevice, adapterInfo: GpuAdapterInfo) => KernelBackend;
}
