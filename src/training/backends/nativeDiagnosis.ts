/**
 * Why the native GPU backend (tfjs-node-gpu) cannot use the GPU, read from what its loader says: a
 * require() error, or libtensorflow's log on stderr ("Could not load dynamic library
 * 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file", "Loaded runtime CuDNN
 * library: 8.0.4 but source was compiled with: 8.1.0", …). libtensorflow loads the CUDA libraries
 * lazily and, when one is missing, logs it and computes on the CPU: without this the user would see
 * a GPU package that silently runs on the CPU. Pure, so each message is tested on real strings.
 */

/** What tfjs-node-gpu 4.x's libtensorflow (2.9) was built against. */
export const CUDA_REQUIREMENT = 'CUDA 11.2 and cuDNN 8.1';

/** The CUDA libraries libtensorflow 2.9 opens for a GPU device (Linux sonames), and what each one is. */
export const CUDA_LIBRARIES: Readonly<Record<string, string>> = {
  'libcuda.so.1': "the NVIDIA driver's CUDA library",
  'libcudart.so.11.0': 'the CUDA 11 runtime',
  'libcublas.so.11': 'cuBLAS 11',
  'libcublasLt.so.11': 'cuBLASLt 11',
  'libcufft.so.10': 'cuFFT 10 (CUDA 11)',
  'libcurand.so.10': 'cuRAND 10 (CUDA 11)',
  'libcusolver.so.11': 'cuSOLVER 11',
  'libcusparse.so.11': 'cuSPARSE 11',
  'libcudnn.so.8': 'cuDNN 8',
};

/** What a library is, from its name (any version, Linux or Windows), for one not in the table. */
const FAMILIES: [RegExp, string][] = [
  [/^(lib)?cudnn/i, 'cuDNN'],
  [/^(lib)?cudart/i, 'the CUDA runtime'],
  [/^(lib)?cublasLt/i, 'cuBLASLt'],
  [/^(lib)?cublas/i, 'cuBLAS'],
  [/^(lib)?cufft/i, 'cuFFT'],
  [/^(lib)?curand/i, 'cuRAND'],
  [/^(lib)?cusolver/i, 'cuSOLVER'],
  [/^(lib)?cusparse/i, 'cuSPARSE'],
  [/^(lib)?cuda\b|^nvcuda/i, "the NVIDIA driver's CUDA library"],
  [/^libtensorflow/i, "libtensorflow (the package's install did not download it, or it was removed)"],
  [/tfjs_binding\.node$/i, "the package's native binding (its install did not build or download it)"],
];

/** TensorRT is optional to libtensorflow: its absence changes nothing. */
const OPTIONAL = /^libnv(infer|rtc)/i;

export function describeLibrary(file: string): string {
  const known = CUDA_LIBRARIES[file];
  if (known) return `${file} (${known})`;
  const family = FAMILIES.find(([pattern]) => pattern.test(file.replace(/^.*[\\/]/, '')));
  return family ? `${file} (${family[1]})` : file;
}

const MISSING_PATTERNS = [
  /Could not load dynamic library '([^']+)'/g,
  /([\w.+-]+\.(?:so(?:\.[\d.]+)?|dll|dylib)): cannot open shared object file/g,
  /Library not loaded: \S*?([\w.+-]+\.dylib)/g,
  /(\S+\.dll) not found/gi,
];

/** The libraries the text says could not be loaded, in order of first mention, without TensorRT's. */
export function missingLibraries(text: string): string[] {
  const found: { file: string; at: number }[] = [];
  for (const pattern of MISSING_PATTERNS)
    for (const match of text.matchAll(pattern)) {
      const file = match[1]!.replace(/^.*[\\/]/, '');
      if (!OPTIONAL.test(file) && !found.some((f) => f.file === file)) found.push({ file, at: match.index });
    }
  return found.sort((a, b) => a.at - b.at).map((f) => f.file);
}

/**
 * What the loader's text says is wrong with the CUDA setup, in words (several findings joined by
 * "; "), or undefined when it says nothing this recognises.
 */
export function diagnoseNativeGpu(text: string): string | undefined {
  const findings: string[] = [];
  const missing = missingLibraries(text);
  if (missing.length > 0) findings.push(`missing ${missing.map(describeLibrary).join(', ')}`);
  const cudnn = /Loaded runtime CuDNN library: (\d+(?:\.\d+)*) but source was compiled with: (\d+(?:\.\d+)*)/.exec(text);
  if (cudnn)
    findings.push(
      `cuDNN ${cudnn[1]} is installed but libtensorflow was built with ${cudnn[2]} (it needs the same major version, minor version at least as high)`,
    );
  if (/CUDA driver version is insufficient for CUDA runtime version/.test(text))
    findings.push('the NVIDIA driver is too old for the CUDA 11 runtime (update the driver)');
  if (/CUDA_ERROR_NO_DEVICE/.test(text))
    findings.push('CUDA sees no device (CUDA_ERROR_NO_DEVICE: check CUDA_VISIBLE_DEVICES and the driver)');
  const glibc = /version `(GLIBC(?:XX)?_[\d.]+)' not found/.exec(text);
  if (glibc) findings.push(`this system's C library is older than libtensorflow needs (${glibc[1]} not found)`);
  if (/CUDNN_STATUS_(INTERNAL_ERROR|NOT_INITIALIZED)/.test(text))
    findings.push('cuDNN failed to initialise (CUDNN_STATUS_INTERNAL_ERROR: often GPU memory taken by another process)');
  if (findings.length === 0 && /Cannot dlopen some GPU libraries/.test(text))
    findings.push('some CUDA libraries could not be opened (libtensorflow did not say which)');
  return findings.length > 0 ? findings.join('; ') : undefined;
}

/** The diagnosis for CUDA libraries found absent by looking on the machine (when no log could be read). */
export function diagnoseMissingCudaLibraries(present: (soname: string) => boolean): string | undefined {
  const missing = Object.keys(CUDA_LIBRARIES).filter((soname) => !present(soname));
  return missing.length > 0 ? `missing ${missing.map(describeLibrary).join(', ')}` : undefined;
}
