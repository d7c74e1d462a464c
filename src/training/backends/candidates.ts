/**
 * What `auto` tries, in order, and what the check measures: a backend, and for the native
 * TensorFlow backend which of its two packages. The GPU variant comes first (CUDA, with an NVIDIA
 * GPU), then webgpu (any GPU with a Vulkan, Metal or D3D12 driver), then the CPU variant
 * (libtensorflow's multi-threaded kernels), then wasm and cpu.
 */
import type { NativeVariant } from '../../shared/backendCheck';
import type { ConcreteBackend } from '../../shared/runFormat';

export interface Candidate {
  name: ConcreteBackend;
  /** The native backend's package: `gpu` (tfjs-node-gpu) or `cpu` (tfjs-node). */
  variant?: NativeVariant;
}

export const AUTO_ORDER: readonly Candidate[] = [
  { name: 'tensorflow', variant: 'gpu' },
  { name: 'webgpu' },
  { name: 'tensorflow', variant: 'cpu' },
  { name: 'wasm' },
  { name: 'cpu' },
];

/** "tensorflow (gpu)", "wasm". */
export const candidateLabel = (c: Candidate): string => (c.variant ? `${c.name} (${c.variant})` : c.name);

export const sameCandidate = (a: Candidate, b: Candidate): boolean => a.name === b.name && a.variant === b.variant;

/** "tensorflow:cpu" ⇄ { name, variant }, as the check's child process takes it on its command line. */
export const candidateArg = (c: Candidate): string => (c.variant ? `${c.name}:${c.variant}` : c.name);

export function parseCandidateArg(text: string): Candidate | undefined {
  return AUTO_ORDER.find((c) => candidateArg(c) === text);
}
