/**
 * The dashboard's "Animated GIF" export, measured on the frames it really draws: each run's export
 * is made in headless chromium from a built webview harness (the real bundle and CSP; the render
 * suite leaves these in out/test-artifacts/render), its 480 × 480 frames are captured, and the
 * webview's encoder (webview/src/export/gif.ts) is timed on them here as the page runs it (palette
 * from every other pixel of every frame, the theme's colours reserved: here the 5 commonest), with
 * the file size and the colour error of the decoded GIF against the frames. `--repeat N` cycles the
 * frames N times (the recorded runs have a handful; an export has up to 150). The page's time is of
 * the bundle the harness was built with. Asserts nothing.
 * Run: npx tsx bench/gifExport.ts [--repeat N] [harnessDir:run …]
 */
import { join } from 'node:path';
import { GifEncoder, PaletteBuilder, type Rgb } from '../webview/src/export/gif';
import { FRAME_DELAY_CS, LAST_FRAME_DELAY_CS } from '../webview/src/export/samplesGif';
import { serveHarness } from '../webview/harness/serve.mjs';
import { decodeGif } from '../test/render/gifDecoder';
import { captureExport } from './gifFrames';

const RENDER = join(__dirname, '..', 'out', 'test-artifacts', 'render');
const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const REPEAT = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 1;
const targets = args.length > 0 ? args : ['harness:ring8', 'harness-images:shapes-rgb', 'harness-mnist:mnist'];

function commonest(frames: readonly Uint8ClampedArray[], n: number): Rgb[] {
  const counts = new Map<number, number>();
  for (const f of frames)
    for (let i = 0; i < f.length; i += 4) {
      const key = (f[i]! << 16) | (f[i + 1]! << 8) | f[i + 2]!;
      counts.set(key, 1 + (counts.get(key) ?? 0));
    }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k]): Rgb => [k >> 16, (k >> 8) & 255, k & 255]);
}

function encode(frames: readonly Uint8ClampedArray[], reserved: readonly Rgb[]): Uint8Array {
  const builder = new PaletteBuilder(reserved);
  for (const f of frames) builder.add(f, 2);
  const encoder = new GifEncoder(480, 480, builder.build());
  frames.forEach((f, i) => encoder.addFrame(f, i === frames.length - 1 ? LAST_FRAME_DELAY_CS : FRAME_DELAY_CS));
  return encoder.finish();
}

/** Mean and largest absolute channel error, and the share of pixels not reproduced exactly. */
function colourError(frames: readonly Uint8ClampedArray[], bytes: Uint8Array) {
  const gif = decodeGif(bytes);
  let total = 0;
  let worst = 0;
  let inexact = 0;
  let pixels = 0;
  frames.forEach((f, k) => {
    const rgb = gif.frames[k]!.rgb;
    for (let i = 0; i < rgb.length / 3; i++, pixels++) {
      let e = 0;
      for (let c = 0; c < 3; c++) {
        const d = Math.abs(rgb[i * 3 + c]! - f[i * 4 + c]!);
        total += d;
        e = Math.max(e, d);
      }
      worst = Math.max(worst, e);
      if (e > 0) inexact++;
    }
  });
  return { mean: total / (pixels * 3), worst, inexact: inexact / pixels };
}

async function main(): Promise<void> {
  console.log('| run | frames | bytes | mean channel error | largest | pixels not exact | encode ms (per frame) | export in the page ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const target of targets) {
    const [dir, run] = target.split(':') as [string, string];
    const server = await serveHarness(join(RENDER, dir));
    const captured = await captureExport(server.base, run).finally(() => server.close());
    if (captured.errors.length > 0) throw new Error(`${run}: the page reported ${captured.errors.join('; ')}`);
    const frames = Array.from({ length: captured.frames.length * REPEAT }, (_, i) => captured.frames[i % captured.frames.length]!);
    const reserved = commonest(frames, 5);
    const times: number[] = [];
    let bytes: Uint8Array = new Uint8Array(0);
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      bytes = encode(frames, reserved);
      times.push(performance.now() - t);
    }
    const ms = [...times].sort((a, b) => a - b)[2]!;
    const e = colourError(frames, bytes);
    console.log(
      `| ${run} | ${frames.length} | ${bytes.length.toLocaleString('en')} | ${e.mean.toFixed(2)} | ${e.worst} | ${(100 * e.inexact).toFixed(1)}% | ${ms.toFixed(0)} (${(ms / frames.length).toFixed(1)}) | ${captured.pageMs} |`,
    );
  }
}

void main();
