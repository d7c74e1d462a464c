/**
 * The host's readers of PNG grids in a run folder from anywhere — the samples grids (GridReader,
 * which both feeds use through RunDirState) and the MCMC results' before/after grids
 * (samplingMessage) — refuse crafted files with a sentence that names the file and says why, show
 * the other grids, and stay within a memory bound on them while the event loop keeps turning
 * (measured in a child process: peak RSS, and the event loop's timer turns during the decode).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { RunDirState } from '../../src/extension/feeds/runDirState';
import { GridReader } from '../../src/extension/trainingRuns/sampleGrids';
import { samplingMessage } from '../../src/extension/trainingRuns/samplingResults';
import { RUN_FILES, SAMPLING_FILES, SAMPLING_FORMAT, type SampleRecord } from '../../src/shared/runFormat';
import { encodeImageGrid } from '../../src/training/recording/imageGrid';
import { craftPng, deflatedZeros } from '../helpers/craftedPng';
import { tempDir } from '../helpers/experiments';
import { runDirFixture } from '../helpers/feedFixture';

const shape = { height: 28, width: 28, channels: 1 as const };
/** Tiles across that the record allows: a grid up to 8,177 px wide (281 gutters) passes the old size check. */
const COLUMNS = 282;
const STEP_PNG = 'samples/step-00000010.png';
const SAMPLING_ID = '20260105-101010-mala-step-200';

const record: SampleRecord = {
  step: 10,
  dataKind: 'shapes',
  layout: 'images',
  fixed: [],
  fresh: [],
  real: [],
  images: { shape, columns: COLUMNS, fixedPng: STEP_PNG, realPng: 'samples/real.png' },
};

const validGrid = () =>
  encodeImageGrid(
    new Float32Array(4 * 28 * 28).map((_, i) => Math.sin(i)),
    4,
    shape,
    2,
  );

/** Crafted grids, each with what the refusal must say after the file's name. */
async function craftedGrids(): Promise<[string, Buffer, RegExp][]> {
  const bomb = await deflatedZeros(256 << 20);
  return [
    [
      'huge',
      craftPng({ width: 100_000, height: 100_000, colourType: 4, idat: deflateSync(Buffer.alloc(64)) }),
      /declares 100,000 × 100,000 pixels; a sample grid has at most 8,192 a side/,
    ],
    // Tile arithmetic and sides the old check let through: decoded in full before (about 800 MB).
    ['wide', craftPng({ width: 8177, height: 8192, colourType: 4, idat: deflateSync(Buffer.alloc(64)) }), /declares 8,177 × 8,192 pixels/],
    [
      'bomb',
      craftPng({ width: 57, height: 57, colourType: 4, idat: bomb }),
      /has image data that inflates to more than the 6,555 bytes its 57 × 57 header declares \(a decompression bomb\?\)/,
    ],
    [
      'interlaced bomb',
      craftPng({ width: 57, height: 57, colourType: 4, interlace: 1, idat: bomb }),
      /inflates to more than the [\d,]+ bytes its 57 × 57 header declares/,
    ],
    ['cut short', validGrid().subarray(0, 30), /is cut short: it ends inside the PNG header \(30 bytes\)/],
    ['no IEND', validGrid().subarray(0, validGrid().length - 12), /is cut short: it has no IEND chunk/],
    ['not a PNG', Buffer.from('<html>not a png</html>\n'.repeat(4)), /is not a PNG file/],
    [
      'not a grid',
      craftPng({ width: 40, height: 28, colourType: 4, idat: deflateSync(Buffer.alloc(28 * 81)) }),
      /is 40 × 28 pixels, not a grid of 28 × 28 tiles at most 282 across/,
    ],
  ];
}

/** A run folder with a samples record whose generated grid is `fixed` and a valid real grid. */
function runWith(fixed: Buffer | undefined): string {
  const dir = runDirFixture('completed');
  writeFileSync(join(dir, RUN_FILES.samples, 'step-00000010.json'), JSON.stringify(record));
  writeFileSync(join(dir, 'samples', 'real.png'), validGrid());
  if (fixed) writeFileSync(join(dir, ...STEP_PNG.split('/')), fixed);
  return dir;
}

/** A run folder with one MCMC result whose before.png is `before` (after.png is valid). */
function samplingRunWith(before: Buffer): string {
  const dir = tempDir('gan-untrusted-sampling-');
  const folder = join(dir, RUN_FILES.sampling, SAMPLING_ID);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, SAMPLING_FILES.record),
    JSON.stringify({
      format: SAMPLING_FORMAT,
      id: SAMPLING_ID,
      settings: { method: 'mala', steps: 20 },
      trace: { steps: [], meanEnergy: [], acceptanceRate: [] },
      paths: { chains: [] },
      before: [],
      after: [],
      real: [],
      checkpointStep: 200,
      images: { shape, columns: 2 },
    }),
  );
  writeFileSync(join(folder, SAMPLING_FILES.beforePng), before);
  writeFileSync(join(folder, SAMPLING_FILES.afterPng), validGrid());
  return dir;
}

describe('PNG grids of a run folder from anywhere: refused by name, the rest shown, within bounds', function () {
  this.timeout(120_000);
  let crafted: [string, Buffer, RegExp][];
  before(async () => {
    crafted = await craftedGrids();
  });

  it('the samples grids (GridReader): a refused generated grid says which file and why; the real grid is shown', async () => {
    for (const [what, bytes, reason] of [...crafted, ['missing', undefined, /is missing/] as const]) {
      const dir = runWith(bytes);
      const shown = await new GridReader(dir).withGrids(record);
      assert.equal(shown.grids?.fixed, null, what);
      assert.ok(shown.grids?.real, `${what}: the real grid is still shown`);
      assert.equal(shown.grids.real.width, 57);
      const problem = shown.grids.problems?.fixed ?? '';
      assert.match(problem, /^samples\/step-00000010\.png /, what);
      assert.match(problem, reason, what);
      assert.equal(shown.grids.problems?.real, undefined, what);
    }
  });

  it('the feeds (RunDirState): the snapshot’s samples carry the refusal, and the rest of the run', async () => {
    for (const [what, bytes, reason] of crafted.slice(0, 4)) {
      const state = new RunDirState({ metricsLimit: 100, withNearest: true });
      const read = await state.read(runWith(bytes));
      assert.equal(read.samples?.step, 10);
      assert.equal(read.samples?.grids?.fixed, null, what);
      assert.ok(read.samples?.grids?.real, what);
      assert.match(read.samples?.grids?.problems?.fixed ?? '', reason, what);
      assert.equal(state.meta?.status, 'completed');
    }
  });

  it('the MCMC results (samplingMessage): a refused before.png says which file and why; after.png is shown', async () => {
    for (const [what, bytes, reason] of crafted.filter(([w]) => w !== 'not a grid')) {
      const message = await samplingMessage(samplingRunWith(bytes));
      const shown = message.payload.shown;
      assert.equal(shown?.id, SAMPLING_ID, what);
      assert.equal(shown?.grids?.before, null, what);
      assert.ok(shown?.grids?.after, `${what}: after.png is still shown`);
      const problem = shown?.grids?.problems?.before ?? '';
      assert.match(problem, new RegExp(`^sampling/${SAMPLING_ID}/before\\.png `), what);
      assert.match(problem, reason, what);
    }
  });

  it('peak memory and the longest hold on the event loop stay bounded on crafted grids, and on the largest valid one', () => {
    const dirs = crafted.map(([what, bytes]) => [what, runWith(bytes)]);
    // The largest grid the bounds allow, as the trainer would write it (grey + alpha, 70 tiles of 28 px
    // across, 2,048 rows), of noise that does not compress.
    const largest = runWith(undefined);
    const [width, height] = [70 * 29 - 1, 2048];
    const pixels = Buffer.alloc(width * height * 4);
    for (let i = 0, s = 7; i < pixels.length; i++) pixels[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    const { PNG } = require('pngjs') as typeof import('pngjs');
    const png = new PNG({ width, height, colorType: 4 });
    png.data = pixels;
    writeFileSync(join(largest, ...STEP_PNG.split('/')), PNG.sync.write(png, { colorType: 4, deflateLevel: 1 }));
    const script = `
      const { GridReader } = require(${JSON.stringify(require.resolve('../../src/extension/trainingRuns/sampleGrids'))});
      const record = ${JSON.stringify(record)};
      const dirs = ${JSON.stringify(dirs)};
      const { ownPeakRssKb } = require(${JSON.stringify(require.resolve('../helpers/peakRss.cjs'))});
      const rssMiB = () => ownPeakRssKb() / 1024;
      function holdMeter() {
        let last = performance.now(), longest = 0, turns = 0;
        const timer = setInterval(() => { const now = performance.now(); turns++; longest = Math.max(longest, now - last); last = now; }, 1);
        return () => { clearInterval(timer); return { holdMs: Math.max(longest, performance.now() - last), turns }; };
      }
      (async () => {
        // Warm up (module code, a valid grid) before the baseline.
        await new GridReader(dirs[0][1]).withGrids({ ...record, images: { ...record.images, fixedPng: record.images.realPng } });
        const out = { crafted: [], largest: null };
        for (const [what, dir] of dirs) {
          const before = rssMiB();
          const stop = holdMeter();
          const started = performance.now();
          const shown = await new GridReader(dir).withGrids(record);
          out.crafted.push({ what, growthMiB: rssMiB() - before, ...stop(), ms: performance.now() - started, problem: shown.grids.problems && shown.grids.problems.fixed });
        }
        const before = rssMiB();
        const stop = holdMeter();
        const started = performance.now();
        const shown = await new GridReader(${JSON.stringify(largest)}).withGrids(record);
        const fixed = shown.grids.fixed;
        out.largest = { size: fixed && [fixed.width, fixed.height], growthMiB: rssMiB() - before, ...stop(), ms: performance.now() - started };
        console.log(JSON.stringify(out));
      })();`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=128', '--require', require.resolve('tsx/cjs'), '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout) as {
      crafted: { what: string; growthMiB: number; holdMs: number; turns: number; ms: number; problem?: string }[];
      largest: { size: number[] | null; growthMiB: number; holdMs: number; turns: number; ms: number };
    };
    console.log(`      ${JSON.stringify(out)}`);
    for (const c of out.crafted) {
      assert.ok(c.problem, `${c.what}: refused`);
      // Before: the 8,177 × 8,192 grid took about 800 MiB and held the event loop for 0.6 s; the
      // interlaced bomb 256 MiB and 0.5 s. Refused from its header, nothing is inflated.
      assert.ok(c.growthMiB < 32, `${c.what}: peak RSS grew ${c.growthMiB.toFixed(0)} MiB`);
    }
    // 8 MiB read and inflated, 16 MiB of RGBA, 11 MiB of base64: decoded in slices, with the event
    // loop free between them — its timers ran throughout (a decode in one piece lets them run at
    // most once). How long each slice held it is printed above: time is the bench's, not a test's.
    assert.deepEqual(out.largest.size, [2029, 2048]);
    assert.ok(out.largest.growthMiB < 128, `largest: peak RSS grew ${out.largest.growthMiB.toFixed(0)} MiB`);
    assert.ok(out.largest.turns >= 10, `largest: the event loop turned ${out.largest.turns} times during the decode`);
  });
});
