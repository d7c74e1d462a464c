/**
 * Every reason a backend is skipped or refused, proven on injected starters, probes and hosts (no
 * GPU, package or driver needed): the selection's rules, tensorflow's and webgpu's skip reasons,
 * the software-adapter rule, and the numerical probe (judged directly, and run for real on a
 * deliberately wrong backend).
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ConcreteBackend } from '../../src/shared/runFormat';
import { adapterName, softwareAdapterReason } from '../../src/training/backends/adapter';
import { BackendUnavailableError, chooseBackend } from '../../src/training/backends/choose';
import { startCpu } from '../../src/training/backends/cpu';
import type { DawnModule, GpuAdapter, GpuAdapterInfo, GpuRequestOptions } from '../../src/training/backends/dawnTypes';
import { judgeProbe, PROBE_INPUT, probeActiveBackend, referenceValues } from '../../src/training/backends/probe';
import { NativeNotInstalledError, type LoadedNative } from '../../src/training/backends/nativeLoader';
import { startTensorflow, type TensorflowHost } from '../../src/training/backends/tensorflow';
import type { ProbeResult, SelectionDeps, StartResult } from '../../src/training/backends/types';
import { startWebgpu, type WebgpuHost } from '../../src/training/backends/webgpu';

const started = (reason: string): StartResult => ({ ok: true, reason });
const failed = (reason: string): StartResult => ({ ok: false, reason });

/** Starters with fixed outcomes (unlisted ones fail), recording what was tried and probed. */
function fakeSelection(
  outcomes: Partial<Record<ConcreteBackend, StartResult>>,
  probes: Partial<Record<ConcreteBackend, ProbeResult>> = {},
) {
  const tried: ConcreteBackend[] = [];
  const variants: (string | undefined)[] = [];
  const probed: ConcreteBackend[] = [];
  let active: ConcreteBackend | undefined;
  const starter = (name: ConcreteBackend) => async (_forced: boolean, variant?: string) => {
    tried.push(name);
    variants.push(variant);
    const outcome = outcomes[name] ?? failed(`${name} is not here`);
    if (outcome.ok) active = name;
    return outcome;
  };
  const start: SelectionDeps['start'] = {
    tensorflow: starter('tensorflow'),
    webgpu: starter('webgpu'),
    wasm: starter('wasm'),
    cpu: starter('cpu'),
  };
  const probe = async (): Promise<ProbeResult> => {
    probed.push(active!);
    return probes[active!] ?? { ok: true, maxAbsError: 1e-7 };
  };
  return { deps: { start, probe }, tried, variants, probed };
}

describe('backend selection: the rules', () => {
  it('auto tries tensorflow (gpu), webgpu, tensorflow (cpu), wasm, cpu in order, records each skip reason, and takes the first that starts and passes', async () => {
    const { deps, tried, variants } = fakeSelection({ wasm: started('WebAssembly'), cpu: started('JS') });
    const choice = await chooseBackend('auto', deps);
    assert.deepEqual(tried, ['tensorflow', 'webgpu', 'tensorflow', 'wasm']);
    assert.deepEqual(variants, ['gpu', undefined, 'cpu', undefined]);
    assert.equal(choice.name, 'wasm');
    assert.deepEqual(choice.skipped, [
      { name: 'tensorflow', reason: 'tensorflow is not here' },
      { name: 'webgpu', reason: 'webgpu is not here' },
      { name: 'tensorflow', reason: 'tensorflow is not here' },
    ]);
    assert.match(
      choice.reason,
      /^auto: first candidate that started; WebAssembly; numerical probe against cpu passed \(max abs error 1\.0e-7\)$/,
    );
  });

  it('the started device is recorded (webgpu: the adapter)', async () => {
    const { deps } = fakeSelection({ webgpu: { ok: true, reason: 'WebGPU on X', device: 'nvidia ampere (NVIDIA A100)' } });
    const choice = await chooseBackend('auto', deps);
    assert.deepEqual([choice.name, choice.device], ['webgpu', 'nvidia ampere (NVIDIA A100)']);
  });

  it('cpu, the reference, is not probed', async () => {
    const { deps, probed } = fakeSelection({ cpu: started('JS') });
    assert.equal((await chooseBackend('auto', deps)).name, 'cpu');
    assert.deepEqual(probed, []);
  });

  it('a probe mismatch rejects the backend: auto releases it and goes on to the next, with the error in the reason', async () => {
    let released = 0;
    const { deps, probed } = fakeSelection(
      { webgpu: { ok: true, reason: 'WebGPU on Y', release: () => released++ }, wasm: started('WebAssembly') },
      {
        webgpu: {
          ok: false,
          reason: 'its numerical probe disagrees with cpu: the matMul is off by up to 3.00e-1 (max abs error; tolerance 0.001)',
        },
      },
    );
    const choice = await chooseBackend('auto', deps);
    assert.equal(choice.name, 'wasm');
    assert.deepEqual(probed, ['webgpu', 'wasm']);
    assert.equal(released, 1);
    assert.deepEqual(choice.skipped[1], {
      name: 'webgpu',
      reason:
        'WebGPU on Y, but its numerical probe disagrees with cpu: the matMul is off by up to 3.00e-1 (max abs error; tolerance 0.001)',
    });
  });

  it('a forced backend that cannot start is an error naming the reason; nothing else is tried', async () => {
    const { deps, tried } = fakeSelection({ wasm: started('WebAssembly'), cpu: started('JS') });
    await assert.rejects(chooseBackend('webgpu', deps), (e: Error) => {
      assert.ok(e instanceof BackendUnavailableError);
      assert.equal(e.message, 'backend "webgpu" cannot start: webgpu is not here');
      return true;
    });
    assert.deepEqual(tried, ['webgpu']);
  });

  it('a forced backend that fails the probe is an error, not a fallback', async () => {
    const { deps, tried } = fakeSelection(
      { wasm: started('WebAssembly'), cpu: started('JS') },
      { wasm: { ok: false, reason: 'its probe is off' } },
    );
    await assert.rejects(chooseBackend('wasm', deps), /^Error: backend "wasm" cannot start: WebAssembly, but its probe is off$/);
    assert.deepEqual(tried, ['wasm']);
  });

  it('when nothing starts, the error lists every reason', async () => {
    const { deps } = fakeSelection({});
    await assert.rejects(
      chooseBackend('auto', deps),
      /no backend could start: tensorflow: tensorflow is not here; webgpu: .*; wasm: .*; cpu: cpu is not here/,
    );
  });
});

describe('backend selection: tensorflow (tfjs-node-gpu, tfjs-node)', () => {
  const native = (variant: 'gpu' | 'cpu'): LoadedNative => ({
    variant,
    packageName: variant === 'gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node',
    from: 'GAN_WORKBENCH_NATIVE_DIR (/opt/native)',
    version: '4.22.0',
  });
  const notInstalled = (variant: 'gpu' | 'cpu') => {
    throw new NativeNotInstalledError(`${native(variant).packageName} is not installed (looked beside the trainer)`);
  };
  const host = (overrides: Partial<TensorflowHost> = {}): TensorflowHost & { loads: string[] } => {
    const loads: string[] = [];
    return {
      loads,
      nvidiaGpuVisible: () => true,
      load: (variant) => {
        loads.push(variant);
        return native(variant);
      },
      setBackend: async () => true,
      usingGpuDevice: () => true,
      missingCuda: () => undefined,
      tfjsVersion: '4.22.0',
      ...overrides,
    };
  };

  it('auto skips the gpu variant when no NVIDIA GPU is visible, without loading the package', async () => {
    const h = host({ nvidiaGpuVisible: () => false });
    const result = await startTensorflow(false, 'gpu', h);
    assert.deepEqual(result, {
      ok: false,
      reason: 'no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent), so @tensorflow/tfjs-node-gpu is not tried',
    });
    assert.deepEqual(h.loads, []);
  });

  it('with a GPU but without the package: "not installed", saying where it looked', async () => {
    const result = await startTensorflow(false, 'gpu', host({ load: notInstalled }));
    assert.deepEqual(result, { ok: false, reason: '@tensorflow/tfjs-node-gpu is not installed (looked beside the trainer)' });
  });

  it('installed but failing to load: the CUDA diagnosis of the loader’s error, else its first line', async () => {
    const cudnn = host({
      load: () => {
        throw new Error('libcudnn.so.8: cannot open shared object file: No such file or directory\n    at Module._extensions..node');
      },
    });
    assert.deepEqual(await startTensorflow(false, 'gpu', cudnn), {
      ok: false,
      reason: '@tensorflow/tfjs-node-gpu is installed but cannot load: missing libcudnn.so.8 (cuDNN 8)',
    });
    const other = host({
      load: () => {
        throw new Error('The module was compiled against a different Node.js version\nNODE_MODULE_VERSION 108');
      },
    });
    assert.equal(
      (await startTensorflow(false, 'cpu', other)).reason,
      '@tensorflow/tfjs-node is installed but cannot load: The module was compiled against a different Node.js version',
    );
  });

  it('the gpu variant on a GPU: its reason names the package, the variant and where it came from', async () => {
    assert.deepEqual(await startTensorflow(false, 'gpu', host()), {
      ok: true,
      reason: '@tensorflow/tfjs-node-gpu (gpu variant: CUDA on the NVIDIA GPU), from GAN_WORKBENCH_NATIVE_DIR (/opt/native)',
    });
  });

  it('tfjs-node-gpu computing on the CPU (a CUDA library missing) is skipped by auto, saying which library; forced, it runs and says so', async () => {
    const fallback = host({ usingGpuDevice: () => false, missingCuda: () => 'missing libcudnn.so.8 (cuDNN 8)' });
    assert.deepEqual(await startTensorflow(false, 'gpu', fallback), {
      ok: false,
      reason: '@tensorflow/tfjs-node-gpu runs on the CPU, not the GPU: missing libcudnn.so.8 (cuDNN 8) (it needs CUDA 11.2 and cuDNN 8.1)',
    });
    const forced = await startTensorflow(true, undefined, fallback);
    assert.ok(forced.ok);
    assert.match(
      forced.reason,
      /^@tensorflow\/tfjs-node-gpu \(cpu variant: .*\) — .* runs on the CPU, not the GPU: missing libcudnn\.so\.8/,
    );
  });

  it('the cpu variant: tfjs-node, multi-threaded; a tfjs-node-gpu already loaded on the CPU serves as it', async () => {
    assert.equal(
      (await startTensorflow(false, 'cpu', host())).reason,
      "@tensorflow/tfjs-node (cpu variant: libtensorflow's multi-threaded CPU kernels), from GAN_WORKBENCH_NATIVE_DIR (/opt/native)",
    );
    const gpuOnCpu = host({ load: () => native('gpu'), usingGpuDevice: () => false });
    assert.match((await startTensorflow(false, 'cpu', gpuOnCpu)).reason, /^@tensorflow\/tfjs-node-gpu \(cpu variant: /);
  });

  it('a version other than the trainer’s tfjs is said in the reason', async () => {
    const old = host({ load: (v) => ({ ...native(v), version: '4.10.0' }) });
    assert.match((await startTensorflow(false, 'cpu', old)).reason, /version 4\.10\.0, the trainer's tfjs is 4\.22\.0$/);
  });

  it('forced without a variant: the GPU package when installed, else the CPU one, else both reasons', async () => {
    const onlyCpu = host({ load: (v) => (v === 'gpu' ? notInstalled(v) : native(v)) });
    assert.match((await startTensorflow(true, undefined, onlyCpu)).reason, /^@tensorflow\/tfjs-node \(cpu variant/);
    assert.deepEqual(await startTensorflow(true, undefined, host({ load: notInstalled, nvidiaGpuVisible: () => false })), {
      ok: false,
      reason:
        '@tensorflow/tfjs-node-gpu is not installed (looked beside the trainer); @tensorflow/tfjs-node is not installed (looked beside the trainer)',
    });
  });
});

const LAVAPIPE: GpuAdapterInfo = {
  vendor: 'mesa',
  architecture: '',
  device: 'llvmpipe (LLVM 15.0.7, 256 bits)',
  description: 'Mesa 23.2.1 (LLVM 15.0.7)',
};
const NVIDIA: GpuAdapterInfo = {
  vendor: 'nvidia',
  architecture: 'ampere',
  device: 'NVIDIA A100-SXM4-40GB',
  description: 'NVIDIA: 535.104.05',
};

/** A Dawn whose adapters (per Dawn options) are given; records what was asked. */
function fakeDawn(adapters: Record<string, GpuAdapterInfo | null>) {
  const requests: { options: string[]; request: GpuRequestOptions | undefined }[] = [];
  let devices = 0;
  const dawn: DawnModule = {
    globals: {},
    create: (options) => ({
      requestAdapter: async (request) => {
        requests.push({ options, request });
        const info = adapters[options.join(',')] ?? null;
        if (!info) return null;
        const adapter: GpuAdapter = {
          info,
          limits: {} as GpuAdapter['limits'],
          requestDevice: async () => {
            devices++;
            throw new Error('no device in this test');
          },
        };
        return adapter;
      },
    }),
  };
  return { dawn, requests, devices: () => devices };
}

function webgpuHost(dawn: DawnModule | Error, overrides: Partial<WebgpuHost> = {}): WebgpuHost {
  return {
    platform: 'linux',
    env: {},
    vulkanLoaderPresent: () => true,
    loadDawn: async () => {
      if (dawn instanceof Error) throw dawn;
      return dawn;
    },
    loadTfjsWebgpu: () => ({ WebGPUBackend: class {} as never }),
    ...overrides,
  };
}

describe('backend selection: webgpu (Dawn)', () => {
  it('the webgpu package missing: "not installed", naming it', async () => {
    const error = Object.assign(new Error("Cannot find package 'webgpu' imported from /x/dist/trainer.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    assert.deepEqual(await startWebgpu(false, webgpuHost(error)), {
      ok: false,
      reason: `the optional package "webgpu" (Dawn) is not installed or cannot load: Cannot find package 'webgpu' imported from /x/dist/trainer.js`,
    });
  });

  it('tfjs-backend-webgpu missing: "not installed", naming it', async () => {
    const host = webgpuHost(fakeDawn({}).dawn, {
      loadTfjsWebgpu: () => {
        throw new Error("Cannot find module '@tensorflow/tfjs-backend-webgpu'");
      },
    });
    assert.match(
      (await startWebgpu(false, host)).reason,
      /^@tensorflow\/tfjs-backend-webgpu is not installed or cannot load: Cannot find module/,
    );
  });

  it('no Vulkan loader: skipped by auto before Dawn is asked (Dawn would print a warning)', async () => {
    const { dawn, requests } = fakeDawn({});
    const result = await startWebgpu(false, webgpuHost(dawn, { vulkanLoaderPresent: () => false }));
    assert.deepEqual(result, { ok: false, reason: 'no WebGPU adapter: no Vulkan loader (libvulkan.so.1; Debian package libvulkan1)' });
    assert.deepEqual(requests, []);
  });

  it('no adapter: skipped, and auto tries only Vulkan (high performance)', async () => {
    const { dawn, requests } = fakeDawn({});
    assert.deepEqual(await startWebgpu(false, webgpuHost(dawn)), { ok: false, reason: 'no WebGPU adapter: Dawn found no Vulkan adapter' });
    assert.deepEqual(requests, [{ options: ['backend=vulkan'], request: { powerPreference: 'high-performance' } }]);
  });

  it('a software adapter is skipped by auto, its description in the reason, and no device is created', async () => {
    const { dawn, devices } = fakeDawn({ 'backend=vulkan': LAVAPIPE });
    const result = await startWebgpu(false, webgpuHost(dawn));
    assert.deepEqual(result, {
      ok: false,
      reason:
        'the WebGPU adapter is mesa llvmpipe (LLVM 15.0.7, 256 bits) (Mesa 23.2.1 (LLVM 15.0.7)), a software adapter (llvmpipe is a software renderer); auto uses only a real GPU — name "webgpu" to use it anyway',
    });
    assert.equal(devices(), 0);
  });

  it('an adapter the driver marks as fallback is skipped by auto', async () => {
    const { dawn } = fakeDawn({ 'backend=vulkan': { ...NVIDIA, isFallbackAdapter: true } });
    assert.match((await startWebgpu(false, webgpuHost(dawn))).reason, /a software adapter \(the driver marks it as a fallback adapter\)/);
  });

  it('forced, a software adapter is accepted (it goes on to create the device)', async () => {
    const { dawn, devices } = fakeDawn({ 'backend=vulkan': LAVAPIPE });
    const result = await startWebgpu(true, webgpuHost(dawn));
    assert.equal(devices(), 1);
    assert.deepEqual(result, { ok: false, reason: 'WebGPU failed to start: no device in this test' });
  });

  it('forced on Linux, after Vulkan it tries OpenGL ES at the compatibility feature level, headless (EGL_PLATFORM=surfaceless)', async () => {
    const { dawn, requests } = fakeDawn({});
    const env: NodeJS.ProcessEnv = {};
    const result = await startWebgpu(true, webgpuHost(dawn, { env, vulkanLoaderPresent: () => false }));
    assert.deepEqual(result, {
      ok: false,
      reason:
        'no WebGPU adapter: no Vulkan loader (libvulkan.so.1; Debian package libvulkan1); Dawn found no OpenGL ES (compatibility feature level) adapter',
    });
    assert.deepEqual(requests, [
      { options: ['backend=opengles'], request: { powerPreference: 'high-performance', featureLevel: 'compatibility' } },
    ]);
    assert.equal(env.EGL_PLATFORM, 'surfaceless');
    const own: NodeJS.ProcessEnv = { EGL_PLATFORM: 'x11' };
    await startWebgpu(true, webgpuHost(dawn, { env: own }));
    assert.equal(own.EGL_PLATFORM, 'x11', 'a platform the user set is kept');
  });

  it('elsewhere (macOS, Windows) Dawn’s native backend is asked, once', async () => {
    const { dawn, requests } = fakeDawn({});
    assert.match((await startWebgpu(true, webgpuHost(dawn, { platform: 'darwin' }))).reason, /Dawn found no native backend adapter/);
    assert.deepEqual(
      requests.map((r) => r.options),
      [[]],
    );
  });
});

describe('backend selection: which adapters are software', () => {
  for (const [info, expected] of [
    [LAVAPIPE, 'llvmpipe is a software renderer'],
    [
      { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' },
      'llvmpipe is a software renderer',
    ],
    [{ vendor: 'mesa', architecture: '', device: 'lavapipe', description: '' }, 'lavapipe is a software renderer'],
    [
      { vendor: 'google', architecture: '', device: 'SwiftShader Device (Subzero)', description: 'SwiftShader driver' },
      'SwiftShader is a software renderer',
    ],
    [
      { vendor: 'microsoft', architecture: '', device: 'Microsoft Basic Render Driver', description: '' },
      'Microsoft Basic Render is a software renderer',
    ],
    [{ ...NVIDIA, isFallbackAdapter: true }, 'the driver marks it as a fallback adapter'],
    [NVIDIA, undefined],
    [
      {
        vendor: 'intel',
        architecture: 'gen-12lp',
        device: 'Intel(R) UHD Graphics 770',
        description: 'Intel open-source Mesa driver: Mesa 23.2.1',
      },
      undefined,
    ],
  ] as const) {
    it(`${adapterName(info)}: ${expected ?? 'a real GPU'}`, () => assert.equal(softwareAdapterReason(info), expected));
  }

  it('names leave out what the driver left empty', () => {
    assert.equal(adapterName(NVIDIA), 'nvidia ampere NVIDIA A100-SXM4-40GB (NVIDIA: 535.104.05)');
    assert.equal(adapterName({ vendor: '', architecture: '', device: '', description: '' }), 'unnamed adapter');
  });
});

describe('backend selection: the numerical probe', () => {
  const reference = referenceValues(PROBE_INPUT);
  const exact = { product: Float32Array.from(reference.product), gradient: Float32Array.from(reference.gradient) };

  it('passes float32 values of the float64 reference, reporting the max abs error', () => {
    const result = judgeProbe(exact, reference);
    assert.ok(result.ok && result.maxAbsError < 1e-6, JSON.stringify(result));
  });

  it('a mismatch names which value and the max abs error', () => {
    const gradient = exact.gradient.slice();
    gradient[5]! += 0.25;
    assert.deepEqual(judgeProbe({ ...exact, gradient }, reference), {
      ok: false,
      reason:
        'its numerical probe disagrees with cpu: the gradient of sum(tanh(x·W)) is off by up to 2.50e-1 (max abs error; tolerance 0.001)',
    });
  });

  it('NaN or a wrong size is a mismatch', () => {
    const product = exact.product.slice();
    product[0] = NaN;
    assert.equal(judgeProbe({ ...exact, product }, reference).ok, false);
    assert.equal(judgeProbe({ ...exact, product: exact.product.subarray(1) }, reference).ok, false);
  });

  describe('run for real on a backend whose matMul is wrong', () => {
    const BROKEN = 'cpu-with-wrong-matmul';
    interface CpuBackend {
      readSync(dataId: object): Float32Array;
      makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
      disposeIntermediateTensorInfo(t: tf.TensorInfo): void;
    }

    before(async () => {
      await startCpu();
      tf.registerBackend(BROKEN, tf.findBackendFactory('cpu')!);
      for (const kernel of tf.getKernelsForBackend('cpu')) {
        const kernelFunc: tf.KernelFunc =
          kernel.kernelName === 'BatchMatMul'
            ? (args) => {
                const backend = args.backend as CpuBackend;
                const out = kernel.kernelFunc(args) as tf.TensorInfo;
                const values = backend.readSync(out.dataId).map((v) => v + 0.01);
                backend.disposeIntermediateTensorInfo(out);
                return backend.makeTensorInfo(out.shape, out.dtype, values);
              }
            : kernel.kernelFunc;
        tf.registerKernel({ ...kernel, backendName: BROKEN, kernelFunc });
      }
    });

    after(async () => {
      await startCpu();
      for (const kernel of tf.getKernelsForBackend(BROKEN)) tf.unregisterKernel(kernel.kernelName, BROKEN);
      tf.removeBackend(BROKEN);
    });

    it('the probe reports the error, and auto rejects the backend for the next one', async () => {
      await tf.setBackend(BROKEN);
      const probe = await probeActiveBackend();
      assert.ok(!probe.ok && /the matMul is off by up to 1\.00e-2 \(max abs error/.test(probe.reason), JSON.stringify(probe));
      const choice = await chooseBackend('auto', {
        start: {
          tensorflow: async () => failed('absent'),
          webgpu: async () => failed('absent'),
          wasm: async () => ((await tf.setBackend(BROKEN)) ? started('a wrong backend') : failed('?')),
          cpu: startCpu,
        },
        probe: probeActiveBackend,
      });
      assert.equal(choice.name, 'cpu');
      assert.match(
        choice.skipped.find((s) => s.name === 'wasm')!.reason,
        /^a wrong backend, but its numerical probe disagrees with cpu: the matMul is off by up to 1\.00e-2/,
      );
      assert.equal(tf.getBackend(), 'cpu');
    });
  });
});
