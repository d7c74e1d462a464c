/**
 * boundedPng: a PNG from a run folder is checked before it is decoded — its header (IHDR) against
 * the bounds, its chunks, and how far its image data inflates — and only then decoded. Several
 * crafted inputs per kind of file: huge declared sizes over tiny bodies, decompression bombs that
 * declare a plausible size, files cut short, files that are no PNG, and valid grids that must load.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import {
  GRID_PNG_BOUNDS,
  headerBeyondBounds,
  inflatedBytes,
  readBoundedPng,
  readPngHeader,
  type PngRead,
} from '../../src/extension/trainingRuns/boundedPng';
import { DCGAN_IMAGE_SIZES } from '../../src/shared/experiment/schema';
import { MAX_GRID_PIXELS, MAX_GRID_SIDE } from '../../src/shared/protocol';
import { NEAREST_COUNT } from '../../src/training/quality/learned/learnedImageQuality';
import { encodeImageGrid, gridGeometry, MAX_GRID_TILES } from '../../src/training/recording/imageGrid';
import { craftPng, deflatedZeros, ihdr, interlacedRgbaPng, PNG_SIGNATURE, zeroRgbaIdat } from '../helpers/craftedPng';
import { tempDir } from '../helpers/experiments';
import { chunk, pngBytes } from '../helpers/imageBytes';

const tiny = deflateSync(Buffer.alloc(16));

function refused(read: PngRead): string {
  assert.equal(read.ok, false, 'expected a refusal');
  return (read as { problem: string }).problem;
}

async function readBytes(bytes: Buffer | string, name = 'samples/step-00000010.png'): Promise<PngRead> {
  const dir = tempDir('gan-png-');
  mkdirSync(join(dir, 'samples'), { recursive: true });
  writeFileSync(join(dir, name), bytes);
  return readBoundedPng(join(dir, name), name);
}

function randomRgba(pixels: number, seed = 1): Buffer {
  const out = Buffer.alloc(pixels * 4);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function pngjsWrite(width: number, height: number, data: Buffer, colorType: 0 | 2 | 4 | 6 = 6): Buffer {
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true, bitDepth: 8 });
  png.data = data;
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true, bitDepth: 8 });
}

describe('boundedPng: a PNG from a run folder is checked before it is decoded', function () {
  this.timeout(60_000);

  describe('readPngHeader', () => {
    it('reads width, height, bit depth, colour type and interlace from the first 33 bytes', () => {
      const cases = [
        { bytes: pngBytes({ width: 3, height: 2, colorType: 0, depth: 1, samples: [0, 1, 0, 1, 1, 0] }), want: [3, 2, 1, 0, false] },
        { bytes: pngjsWrite(519, 519, randomRgba(519 * 519)), want: [519, 519, 8, 6, false] },
        { bytes: pngjsWrite(5, 2, randomRgba(10), 4), want: [5, 2, 8, 4, false] },
        { bytes: interlacedRgbaPng(9, 17, randomRgba(9 * 17)), want: [9, 17, 8, 6, true] },
        { bytes: craftPng({ width: 100_000, height: 100_000, idat: tiny }), want: [100_000, 100_000, 8, 6, false] },
      ];
      for (const { bytes, want } of cases) {
        const read = readPngHeader(bytes.subarray(0, 33));
        assert.ok('header' in read, JSON.stringify(read));
        const h = read.header;
        assert.deepEqual([h.width, h.height, h.bitDepth, h.colourType, h.interlaced], want);
      }
    });

    it('says what is wrong with a file that is no PNG, is cut short, or has an invalid header', () => {
      const valid = pngBytes({ width: 2, height: 2, colorType: 0, depth: 8, samples: [1, 2, 3, 4] });
      const badHeader = (width: number, height: number, colourType: number, depth: number, interlace = 0) =>
        Buffer.concat([PNG_SIGNATURE, ihdr(width, height, colourType, depth, interlace)]);
      const cases: [Buffer, RegExp][] = [
        [Buffer.alloc(0), /^is empty$/],
        [Buffer.from('not a png, just some text in a file'), /is not a PNG file/],
        [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1]), /is not a PNG file/],
        [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), /is not a PNG file/],
        [PNG_SIGNATURE.subarray(0, 5), /is cut short: it ends inside the PNG header \(5 bytes\)/],
        [valid.subarray(0, 8), /is cut short: it ends inside the PNG header \(8 bytes\)/],
        [valid.subarray(0, 20), /is cut short: it ends inside the PNG header \(20 bytes\)/],
        [valid.subarray(0, 32), /is cut short: it ends inside the PNG header \(32 bytes\)/],
        [Buffer.concat([PNG_SIGNATURE, chunk('IDAT', tiny), chunk('IEND', new Uint8Array(0))]), /first chunk is not a 13-byte IHDR/],
        [Buffer.concat([PNG_SIGNATURE, chunk('IHDR', Buffer.alloc(12)), Buffer.alloc(8)]), /first chunk is not a 13-byte IHDR/],
        [badHeader(0, 10, 6, 8), /declares 0 × 10 pixels/],
        [badHeader(0x80000000, 1, 6, 8), /declares 2,147,483,648 × 1 pixels/],
        [badHeader(4, 4, 2, 4), /colour type 2 with bit depth 4/],
        [badHeader(4, 4, 7, 8), /colour type 7 with bit depth 8/],
        [badHeader(4, 4, 3, 16), /colour type 3 with bit depth 16/],
        [badHeader(4, 4, 6, 8, 2), /unknown compression, filter or interlace method/],
      ];
      for (const [bytes, want] of cases) {
        const read = readPngHeader(bytes);
        assert.ok('problem' in read, `${want}: ${JSON.stringify(read)}`);
        assert.match(read.problem, want);
      }
    });
  });

  it('inflatedBytes: each row (of each Adam7 pass) and its filter byte, as the encoders write them', () => {
    const inflatedLength = (png: Buffer) => {
      const parts: Buffer[] = [];
      for (let at = 8; at < png.length;) {
        const length = png.readUInt32BE(at);
        if (png.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
        at += 12 + length;
      }
      return require('node:zlib').inflateSync(Buffer.concat(parts)).length as number;
    };
    const samples = (n: number, max: number) => Array.from({ length: n }, (_, i) => i % (max + 1));
    const files = [
      pngBytes({ width: 3, height: 3, colorType: 0, depth: 1, samples: samples(9, 1) }),
      pngBytes({ width: 13, height: 2, colorType: 0, depth: 4, samples: samples(26, 15) }),
      pngBytes({ width: 5, height: 4, colorType: 2, depth: 16, samples: samples(60, 65535) }),
      pngBytes({
        width: 7,
        height: 3,
        colorType: 3,
        depth: 2,
        samples: samples(21, 3),
        palette: [
          [0, 0, 0],
          [1, 1, 1],
          [2, 2, 2],
          [3, 3, 3],
        ],
      }),
      pngjsWrite(29, 13, randomRgba(29 * 13), 4),
      pngjsWrite(57, 28, randomRgba(57 * 28)),
      ...[
        [1, 1],
        [3, 5],
        [8, 8],
        [9, 17],
        [28, 28],
      ].map(([w, h]) => interlacedRgbaPng(w!, h!, randomRgba(w! * h!))),
    ];
    for (const file of files) {
      const read = readPngHeader(file);
      assert.ok('header' in read);
      assert.equal(inflatedBytes(read.header), inflatedLength(file), JSON.stringify(read.header));
    }
  });

  it('refuses a header that declares more than the bounds, before it reads the body', async () => {
    const cases: [Buffer, RegExp][] = [
      [
        craftPng({ width: 100_000, height: 100_000, idat: tiny }),
        /declares 100,000 × 100,000 pixels; a sample grid has at most 8,192 a side and 4,194,304 in all/,
      ],
      [craftPng({ width: 8192, height: 8192, idat: tiny }), /declares 8,192 × 8,192 pixels/],
      [craftPng({ width: 8003, height: 8192, idat: tiny }), /declares 8,003 × 8,192 pixels/],
      [craftPng({ width: 65_535, height: 1, idat: tiny }), /declares 65,535 × 1 pixels/],
      [craftPng({ width: 2049, height: 2048, idat: tiny }), /declares 2,049 × 2,048 pixels/],
      [craftPng({ width: 8192, height: 513, colourType: 0, bitDepth: 1, idat: tiny }), /declares 8,192 × 513 pixels/],
      [craftPng({ width: 4_294_967_295 >>> 1, height: 2, colourType: 0, bitDepth: 1, idat: tiny }), /declares 2,147,483,647 × 2 pixels/],
      // Within the pixel bound, but 16-bit RGBA: more image data than a grid may have.
      [
        craftPng({ width: 2048, height: 2048, bitDepth: 16, idat: tiny }),
        /declares 2,048 × 2,048 pixels of 16-bit RGBA: 33,556,480 bytes of image data, more than the 16,779,264/,
      ],
      [
        craftPng({ width: 1500, height: 1500, bitDepth: 16, colourType: 6, idat: tiny }),
        /declares 1,500 × 1,500 pixels of 16-bit RGBA: 18,001,500 bytes/,
      ],
    ];
    for (const [bytes, want] of cases) {
      const problem = refused(await readBytes(bytes));
      assert.match(problem, /^samples\/step-00000010\.png declares /);
      assert.match(problem, want);
    }
    const h = { width: 2048, height: 2048, bitDepth: 8, colourType: 6, interlaced: false };
    assert.equal(headerBeyondBounds(h, GRID_PNG_BOUNDS), undefined, 'the bound itself is allowed');
    assert.equal(headerBeyondBounds({ ...h, interlaced: true }, GRID_PNG_BOUNDS), undefined);
  });

  it('refuses a decompression bomb that declares a plausible size, without inflating it all', async () => {
    const bomb = await deflatedZeros(256 << 20);
    const cases: [string, Buffer, number][] = [
      ['64×64 RGBA', craftPng({ width: 64, height: 64, idat: bomb }), 64 * 257],
      [
        '64×64 RGBA, interlaced',
        craftPng({ width: 64, height: 64, idat: bomb, interlace: 1 }),
        inflatedBytes({ width: 64, height: 64, bitDepth: 8, colourType: 6, interlaced: true }),
      ],
      [
        '519×519 grey + alpha in 4 KiB IDAT chunks',
        craftPng({ width: 519, height: 519, colourType: 4, idat: chunksOf(bomb, 4096) }),
        519 * (519 * 2 + 1),
      ],
      ['1×1 grey', craftPng({ width: 1, height: 1, colourType: 0, idat: bomb }), 2],
      // One byte more than declared is refused too.
      ['28×28 RGBA, one byte over', craftPng({ width: 28, height: 28, idat: deflateSync(Buffer.alloc(28 * 113 + 1)) }), 28 * 113],
    ];
    for (const [what, bytes, expected] of cases) {
      const started = Date.now();
      const problem = refused(await readBytes(bytes, 'samples/real.png'));
      assert.match(
        problem,
        new RegExp(`^samples/real\\.png has image data that inflates to more than the ${expected.toLocaleString('en-US')} bytes`),
        what,
      );
      assert.match(problem, /decompression bomb\?\); it was not decoded\.$/);
      // Inflating 256 MiB takes about a second; stopping at the declared size, milliseconds.
      assert.ok(Date.now() - started < 500, `${what}: ${Date.now() - started} ms`);
    }
    // Exactly the declared size of zeros is a (transparent black) image.
    const exact = await readBytes(craftPng({ width: 28, height: 28, idat: deflateSync(Buffer.alloc(28 * 113)) }));
    assert.ok(exact.ok && exact.png.data.every((b) => b === 0));
  });

  it('refuses files cut short or damaged after the header, naming the file', async () => {
    const valid = pngjsWrite(57, 28, randomRgba(57 * 28));
    const idat = zeroRgbaIdat(57, 28);
    const rows = (filter: number) =>
      Buffer.concat(Array.from({ length: 28 }, (_, y) => Buffer.from([y === 5 ? filter : 0, ...new Array<number>(57 * 4).fill(9)])));
    const palette = chunk('PLTE', Buffer.from([0, 0, 0, 255, 255, 255]));
    const cases: [Buffer, RegExp][] = [
      [valid.subarray(0, valid.length - 12), /is cut short: it has no IEND chunk/],
      [valid.subarray(0, 100), /is cut short: its "IDAT" chunk ends past the end of the file/],
      [valid.subarray(0, 37), /is cut short: it has no IEND chunk/],
      [craftPng({ width: 57, height: 28, idat, noEnd: true }), /is cut short: it has no IEND chunk/],
      [
        craftPng({ width: 57, height: 28, idat: zeroRgbaIdat(57, 27) }),
        /is cut short: its image data inflates to 6,183 of the 6,412 bytes/,
      ],
      [craftPng({ width: 57, height: 28, idat: idat.subarray(0, idat.length - 6) }), /has image data that is not valid zlib data/],
      [craftPng({ width: 57, height: 28, idat: Buffer.from('not zlib at all') }), /has image data that is not valid zlib data/],
      [Buffer.concat([PNG_SIGNATURE, ihdr(57, 28), chunk('IEND', new Uint8Array(0))]), /has no image data \(no IDAT chunk\)/],
      [
        craftPng({ width: 57, height: 28, idat: deflateSync(rows(5)) }),
        /cannot be decoded: a row has filter type 5, which PNG does not define/,
      ],
      [craftPng({ width: 57, height: 28, idat: deflateSync(rows(255)) }), /cannot be decoded: a row has filter type 255/],
      [
        craftPng({ width: 4, height: 1, colourType: 3, idat: deflateSync(Buffer.from([0, 0, 1, 2, 1])), before: [palette] }),
        /cannot be decoded: a pixel names palette entry 2 of 2/,
      ],
      [
        craftPng({ width: 4, height: 4, colourType: 3, idat: deflateSync(Buffer.alloc(4 * 5)) }),
        /a palette image without a palette \(PLTE\)/,
      ],
      [
        craftPng({
          width: 4,
          height: 4,
          colourType: 3,
          idat: deflateSync(Buffer.alloc(20)),
          before: [chunk('tRNS', Buffer.from([0])), palette],
        }),
        /its transparency chunk does not fit its palette/,
      ],
      [
        craftPng({ width: 4, height: 4, colourType: 3, idat: deflateSync(Buffer.alloc(20)), before: [chunk('PLTE', Buffer.alloc(4))] }),
        /its palette has 4 bytes/,
      ],
      [craftPng({ width: 57, height: 28, idat, before: [chunk('ABCD', Buffer.alloc(3))] }), /it has a "ABCD" chunk/],
      [craftPng({ width: 57, height: 28, idat, before: [ihdr(2048, 2048)] }), /it has a "IHDR" chunk/],
    ];
    for (const [bytes, want] of cases) {
      const problem = refused(await readBytes(bytes));
      assert.match(problem, /^samples\/step-00000010\.png /);
      assert.match(problem, want);
    }
  });

  it('refuses what is not a regular file, a file over the size bound, and a missing file', async () => {
    const dir = tempDir('gan-png-');
    mkdirSync(join(dir, 'folder.png'));
    assert.match(
      refused(await readBoundedPng(join(dir, 'folder.png'), 'samples/folder.png')),
      /^samples\/folder\.png is not a regular file\.$/,
    );
    symlinkSync('/dev/zero', join(dir, 'zero.png'));
    assert.match(refused(await readBoundedPng(join(dir, 'zero.png'), 'zero.png')), /is not a regular file/);
    if (spawnSync('mkfifo', [join(dir, 'fifo.png')]).status === 0) {
      // Opening a FIFO without a writer would wait forever; it is refused at once.
      assert.match(refused(await readBoundedPng(join(dir, 'fifo.png'), 'fifo.png')), /is not a regular file/);
    }
    // A valid header at the start of a 25 MiB (sparse) file.
    writeFileSync(join(dir, 'large.png'), craftPng({ width: 28, height: 28, idat: zeroRgbaIdat(28, 28) }));
    truncateSync(join(dir, 'large.png'), 25 * 1024 * 1024);
    assert.match(
      refused(await readBoundedPng(join(dir, 'large.png'), 'large.png')),
      /^large\.png is 26,214,400 bytes; a sample grid is at most 25,165,824 bytes\.$/,
    );
    assert.match(refused(await readBoundedPng(join(dir, 'none.png'), 'samples/none.png')), /^samples\/none\.png is missing\.$/);
    const custom = { ...GRID_PNG_BOUNDS, maxSide: 16, what: 'a thumbnail' };
    const file = join(dir, 'thumb.png');
    writeFileSync(file, pngjsWrite(17, 2, randomRgba(34)));
    assert.match(refused(await readBoundedPng(file, 'thumb.png', { bounds: custom })), /a thumbnail has at most 16 a side/);
    assert.match(refused(await readBoundedPng(file, 'thumb.png', { accept: (h) => `is ${h.width} wide` })), /^thumb\.png is 17 wide\.$/);
  });

  it('decodes valid files as pngjs does: the trainer’s grids, every colour type and depth, interlaced, and the largest the bounds allow', async () => {
    const samples = (n: number, max: number) => Array.from({ length: n }, (_, i) => (i * 7) % (max + 1));
    const files = [
      encodeImageGrid(
        new Float32Array(64 * 28 * 28).map((_, i) => Math.sin(i)),
        64,
        { height: 28, width: 28, channels: 1 },
        8,
      ),
      encodeImageGrid(
        new Float32Array(64 * 64 * 64 * 3).map((_, i) => Math.cos(i)),
        64,
        { height: 64, width: 64, channels: 3 },
        8,
      ),
      pngBytes({ width: 3, height: 3, colorType: 0, depth: 1, samples: samples(9, 1) }),
      pngBytes({ width: 13, height: 2, colorType: 0, depth: 4, samples: samples(26, 15) }),
      pngBytes({ width: 5, height: 4, colorType: 2, depth: 16, samples: samples(60, 65535) }),
      pngBytes({
        width: 7,
        height: 3,
        colorType: 3,
        depth: 2,
        samples: samples(21, 3),
        palette: [
          [0, 0, 0],
          [90, 1, 1],
          [2, 200, 2],
          [3, 3, 250],
        ],
        paletteAlpha: [0, 128],
      }),
      pngBytes({ width: 4, height: 4, colorType: 4, depth: 16, samples: samples(32, 65535) }),
      interlacedRgbaPng(9, 17, randomRgba(9 * 17)),
      interlacedRgbaPng(28, 28, randomRgba(28 * 28, 5)),
      pngjsWrite(
        2048,
        2048,
        Buffer.from(
          randomRgba(2048 * 4, 3)
            .toString('hex')
            .repeat(512),
          'hex',
        ),
      ),
    ];
    for (const file of files) {
      const read = await readBytes(file);
      assert.ok(read.ok, (read as { problem?: string }).problem);
      const expected = PNG.sync.read(file);
      assert.deepEqual([read.png.width, read.png.height], [expected.width, expected.height]);
      assert.ok(read.png.data.equals(expected.data), `${expected.width}×${expected.height} pixels differ`);
    }
  });

  it('bounds the largest grid the trainer writes with room to spare, and reads it', async () => {
    const sides = Object.keys(DCGAN_IMAGE_SIZES).map(Number);
    const grids = sides.flatMap((side) => {
      const shape = { height: side, width: side, channels: 3 as const };
      // The samples grids (and MCMC's before/after): at most MAX_GRID_TILES tiles, ⌈√n⌉ across.
      // The nearest training images: NEAREST_COUNT across, one row per tile of the generated grid.
      return [gridGeometry(MAX_GRID_TILES, shape), gridGeometry(MAX_GRID_TILES * NEAREST_COUNT, shape, NEAREST_COUNT)];
    });
    for (const g of grids) {
      assert.ok(g.width * g.height * 3 <= MAX_GRID_PIXELS, `${g.width} × ${g.height}: 3× room in MAX_GRID_PIXELS`);
      assert.ok(Math.max(g.width, g.height) * 1.9 <= MAX_GRID_SIDE, `${g.width} × ${g.height}: about 2× room in MAX_GRID_SIDE`);
    }
    assert.deepEqual(
      grids.map((g) => [g.width, g.height]).sort((a, b) => b[0]! * b[1]! - a[0]! * a[1]!)[0],
      [324, 4159],
      'the nearest images of 64-px MNIST',
    );
    const shape = { height: 64, width: 64, channels: 3 as const };
    const tiles = MAX_GRID_TILES * NEAREST_COUNT;
    const largest = encodeImageGrid(
      new Float32Array(tiles * 64 * 64 * 3).map((_, i) => Math.sin(i / 7)),
      tiles,
      shape,
      NEAREST_COUNT,
    );
    const read = await readBytes(largest);
    assert.ok(read.ok, (read as { problem?: string }).problem);
    assert.deepEqual([read.png.width, read.png.height], [324, 4159]);
    assert.ok(read.png.data.equals(PNG.sync.read(largest).data));
  });
});

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}
