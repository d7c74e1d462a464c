#!/bin/bash
# Checks bench/gpu/mnistGpu.sh here, on the CPU, as the GPU machine will run it: the working tree as
# the device tool sends it (tracked and untracked files git does not ignore, plus .gpu and .gl) copied
# into a fresh folder with no node_modules, then the script at tiny sizes with the trainer on wasm
# and PyTorch on the CPU. Run bench/gpu/prepareCarry.sh first.
# usage: cpuCheck.sh [DIR (/tmp/mnist-gpu-check)]; extra settings pass through the environment
# (e.g. TFJS_BACKEND=webgpu EGL_PLATFORM=x11 for webgpu without an adapter).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-/tmp/mnist-gpu-check}"
rm -rf "$dir"
mkdir -p "$dir/repo"
cd "$repo"
{
  git ls-files -z --cached --others --exclude-standard
  printf '%s\0' .gpu .gl
} | while IFS= read -r -d '' path; do [ -e "$path" ] && printf '%s\0' "$path"; done |
  tar --null -T - -cf - | tar -C "$dir/repo" -xf -
echo "copied $(du -sh "$dir/repo" | cut -f1) to $dir/repo"
cd "$dir/repo"
STEPS="${STEPS:-40}" EVAL_EVERY="${EVAL_EVERY:-20}" STAGGER_STEPS="${STAGGER_STEPS:-20}" TFJS_BACKEND="${TFJS_BACKEND:-wasm}" \
  TORCH_DEVICE="${TORCH_DEVICE:-cpu}" PYTHON="${PYTHON:-/usr/bin/python3}" BUDGET="${BUDGET:-400}" WORK="$dir/work" OUT="$dir/out" \
  bash bench/gpu/mnistGpu.sh
