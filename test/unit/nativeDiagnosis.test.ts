/**
 * The native GPU backend's diagnosis on what its loader really prints: libtensorflow 2.9's log when
 * a CUDA library is missing (tfjs-node-gpu then computes on the CPU and says so only there), the
 * require() error of a package whose libtensorflow or binding is absent, cuDNN and driver version
 * mismatches. Each message names which library, and what it is.
 */
import assert from 'node:assert/strict';
import { diagnoseMissingCudaLibraries, diagnoseNativeGpu, missingLibraries } from '../../src/training/backends/nativeDiagnosis';

// As reported in tensorflow/tfjs#8269 (tfjs-node-gpu 4.19, Ubuntu 22.04 with CUDA 12.4 but no cuDNN 8).
const CUDNN_ABSENT = `2024-05-06 00:05:33.711121: I tensorflow/stream_executor/cuda/cuda_gpu_executor.cc:975] successful NUMA node read from SysFS had negative value (-1), but there must be at least one NUMA node, so returning NUMA node zero
2024-05-06 00:05:33.767399: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory
2024-05-06 00:05:33.767416: W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU. Follow the guide at https://www.tensorflow.org/install/gpu for how to download and setup the required libraries for your platform.
Skipping registering GPU devices...`;

// CUDA 12 only (as in tensorflow/tensorflow#74459): the CUDA 11 runtime and libraries are absent; TensorRT too (optional).
const CUDA11_ABSENT = `2024-08-24 15:40:49.279326: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory
2024-08-24 15:40:49.279356: I tensorflow/stream_executor/cuda/cudart_stub.cc:29] Ignore above cudart dlerror if you do not have a GPU set up on your machine.
2024-08-24 15:40:49.401612: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file: No such file or directory
2024-08-24 15:40:49.512305: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcublas.so.11'; dlerror: libcublas.so.11: cannot open shared object file: No such file or directory
2024-08-24 15:40:49.512372: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcublasLt.so.11'; dlerror: libcublasLt.so.11: cannot open shared object file: No such file or directory`;

describe('native GPU backend: which CUDA library is missing or of the wrong version', () => {
  it('libtensorflow’s log with cuDNN absent: cuDNN 8 named, the generic line not repeated', () => {
    assert.equal(diagnoseNativeGpu(CUDNN_ABSENT), 'missing libcudnn.so.8 (cuDNN 8)');
  });

  it('the CUDA 11 runtime and cuBLAS absent (a CUDA 12 machine): each named, TensorRT (optional) left out', () => {
    assert.deepEqual(missingLibraries(CUDA11_ABSENT), ['libcudart.so.11.0', 'libcublas.so.11', 'libcublasLt.so.11']);
    assert.equal(
      diagnoseNativeGpu(CUDA11_ABSENT),
      'missing libcudart.so.11.0 (the CUDA 11 runtime), libcublas.so.11 (cuBLAS 11), libcublasLt.so.11 (cuBLASLt 11)',
    );
  });

  it('the require() error of a package whose libtensorflow was not downloaded', () => {
    const error =
      'libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module._extensions..node (node:internal/modules/cjs/loader:1460:18)';
    assert.equal(
      diagnoseNativeGpu(error),
      "missing libtensorflow.so.2 (libtensorflow (the package's install did not download it, or it was removed))",
    );
  });

  it('a cuDNN of the wrong version', () => {
    const log =
      '2021-03-02 10:11:12.123456: E tensorflow/stream_executor/cuda/cuda_dnn.cc:370] Loaded runtime CuDNN library: 8.0.4 but source was compiled with: 8.1.0.  CuDNN library needs to have matching major version and equal or higher minor version.';
    assert.equal(
      diagnoseNativeGpu(log),
      'cuDNN 8.0.4 is installed but libtensorflow was built with 8.1.0 (it needs the same major version, minor version at least as high)',
    );
  });

  it('a driver too old for the CUDA 11 runtime, and no device', () => {
    assert.equal(
      diagnoseNativeGpu(
        'E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected',
      ),
      'CUDA sees no device (CUDA_ERROR_NO_DEVICE: check CUDA_VISIBLE_DEVICES and the driver)',
    );
    assert.match(
      diagnoseNativeGpu('cudaGetDevice() failed. Status: CUDA driver version is insufficient for CUDA runtime version') ?? '',
      /^the NVIDIA driver is too old/,
    );
  });

  it('the NVIDIA driver’s libcuda absent, and an old C library', () => {
    assert.equal(
      diagnoseNativeGpu(
        "Could not load dynamic library 'libcuda.so.1'; dlerror: libcuda.so.1: cannot open shared object file: No such file or directory",
      ),
      "missing libcuda.so.1 (the NVIDIA driver's CUDA library)",
    );
    assert.match(
      diagnoseNativeGpu("/lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.29' not found (required by .../libtensorflow.so.2)") ?? '',
      /C library is older than libtensorflow needs \(GLIBC_2\.29 not found\)/,
    );
  });

  it('Windows names: cudnn64_8.dll', () => {
    assert.equal(
      diagnoseNativeGpu(
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'cudnn64_8.dll'; dlerror: cudnn64_8.dll not found",
      ),
      'missing cudnn64_8.dll (cuDNN)',
    );
  });

  it('only the generic line: said without a name; nothing recognised: undefined', () => {
    assert.equal(
      diagnoseNativeGpu('W gpu_device.cc:1850] Cannot dlopen some GPU libraries.'),
      'some CUDA libraries could not be opened (libtensorflow did not say which)',
    );
    assert.equal(diagnoseNativeGpu("Cannot find module '@tensorflow/tfjs-node-gpu'"), undefined);
  });

  it('looking on the machine: the CUDA 11 libraries not found are named', () => {
    const present = new Set([
      'libcuda.so.1',
      'libcudart.so.11.0',
      'libcublas.so.11',
      'libcublasLt.so.11',
      'libcufft.so.10',
      'libcurand.so.10',
      'libcusolver.so.11',
      'libcusparse.so.11',
    ]);
    assert.equal(
      diagnoseMissingCudaLibraries((s) => present.has(s)),
      'missing libcudnn.so.8 (cuDNN 8)',
    );
    assert.equal(
      diagnoseMissingCudaLibraries(() => true),
      undefined,
    );
  });
});
