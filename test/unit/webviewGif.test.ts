import assert from 'node:assert/strict';
import { GifEncoder, lzwEncode, Palette, PaletteBuilder, type Rgb } from '../../webview/src/export/gif';
import { decodeGif, lzwDecode } from '../render/gifDecoder';

/** Strips the sub-block framing lzwEncode writes (length byte, data …, 0). */
function unblock(bytes: Uint8Array): Uint8Array {
  const parts: number[] = [];
  let pos = 0;
  for (let size = bytes[pos++]!; size !== 0; size = bytes[pos++]!) {
    parts.push(...bytes.subarray(pos, pos + size));
    pos += size;
  }
  assert.equal(pos, bytes.length, 'nothing after the terminating empty sub-block');
  return Uint8Array.from(parts);
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const roundTrip = (indices: Uint8Array, minCodeSize: number) =>
  lzwDecode(unblock(lzwEncode(indices, minCodeSize)), minCodeSize, indices.length);

describe('webview GIF encoder: LZW', () => {
  it('round-trips small alphabets, long runs and a single pixel', () => {
    const rnd = random(7);
    const small = Uint8Array.from({ length: 5000 }, () => Math.floor(rnd() * 4));
    assert.deepEqual(roundTrip(small, 2), small);
    const run = new Uint8Array(70_000).fill(3);
    assert.deepEqual(roundTrip(run, 2), run);
    assert.deepEqual(roundTrip(Uint8Array.of(200), 8), Uint8Array.of(200));
  });

  it('round-trips noise that fills the 4,096-entry table many times (clear codes, 12-bit codes)', () => {
    const rnd = random(11);
    const noise = Uint8Array.from({ length: 200_000 }, () => Math.floor(rnd() * 256));
    assert.deepEqual(roundTrip(noise, 8), noise);
    // Structured data: repeats with variation (long dictionary strings, code-size growth at every width).
    const pattern = Uint8Array.from({ length: 150_000 }, (_, i) => (i % 251 < 200 ? (i >> 6) & 255 : Math.floor(rnd() * 256)));
    assert.deepEqual(roundTrip(pattern, 8), pattern);
  });

  it('packs codes into sub-blocks of at most 255 bytes', () => {
    const rnd = random(3);
    const bytes = lzwEncode(
      Uint8Array.from({ length: 10_000 }, () => Math.floor(rnd() * 256)),
      8,
    );
    let pos = 0;
    let blocks = 0;
    for (let size = bytes[pos++]!; size !== 0; size = bytes[pos++]!) {
      assert.ok(size <= 255);
      pos += size;
      blocks++;
    }
    assert.ok(blocks > 10);
  });
});

describe('webview GIF encoder: palette', () => {
  it('keeps the reserved colours first and exact, at most 256 entries', () => {
    const reserved: Rgb[] = [
      [31, 31, 31],
      [204, 204, 204],
      [55, 148, 255],
    ];
    const builder = new PaletteBuilder(reserved);
    const rnd = random(5);
    const pixels = Uint8ClampedArray.from({ length: 64 * 64 * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rnd() * 256)));
    builder.add(pixels);
    const palette = builder.build();
    assert.ok(palette.size <= 256 && palette.size > 200, `size ${palette.size}`);
    assert.deepEqual([...palette.colors.subarray(0, 9)], reserved.flat());
    assert.equal(palette.indexOf(204, 204, 204), 1);
  });

  it('reproduces a picture of few distinct colours exactly', () => {
    const colors: Rgb[] = Array.from({ length: 40 }, (_, i) => [((i * 37) % 256) & ~7, ((i * 91) % 256) & ~7, ((i * 53) % 256) & ~7]);
    const pixels = new Uint8ClampedArray(40 * 10 * 4);
    for (let i = 0; i < 400; i++) pixels.set([...colors[i % 40]!, 255], i * 4);
    const builder = new PaletteBuilder();
    builder.add(pixels);
    const palette = builder.build();
    for (const c of colors) {
      const at = palette.indexOf(c[0], c[1], c[2]) * 3;
      assert.deepEqual([...palette.colors.subarray(at, at + 3)], [...c]);
    }
  });

  it('maps any colour to its nearest entry', () => {
    const palette = new Palette([
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
    ]);
    assert.equal(palette.indexOf(10, 12, 8), 0);
    assert.equal(palette.indexOf(240, 250, 251), 1);
    assert.equal(palette.indexOf(200, 30, 20), 2);
  });
});

describe('webview GIF encoder: animated GIF89a', () => {
  const W = 48;
  const H = 32;
  const background: Rgb = [30, 30, 30];
  const fake: Rgb = [209, 134, 22];
  /** A frame: background, a gradient band, and a square of the fake hue that moves right by 6 px a frame. */
  const frame = (n: number) => {
    const px = new Uint8ClampedArray(W * H * 4);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const inSquare = x >= 4 + 6 * n && x < 12 + 6 * n && y >= 10 && y < 18;
        const c: Rgb = inSquare ? fake : y < 6 ? [x * 5, 100, 255 - x * 5] : background;
        px.set([c[0], c[1], c[2], 255], (y * W + x) * 4);
      }
    return px;
  };

  it('decodes to the frames that went in: size, loop, delays, pixels', () => {
    const frames = [0, 1, 2, 3].map(frame);
    const builder = new PaletteBuilder([background, fake]);
    for (const f of frames) builder.add(f);
    const encoder = new GifEncoder(W, H, builder.build());
    frames.forEach((f, i) => encoder.addFrame(f, i === 3 ? 150 : 12));
    const bytes = encoder.finish();
    assert.equal(String.fromCharCode(...bytes.subarray(0, 6)), 'GIF89a');
    assert.equal(bytes[bytes.length - 1], 0x3b);

    const gif = decodeGif(bytes);
    assert.equal(gif.width, W);
    assert.equal(gif.height, H);
    assert.equal(gif.loop, 0, 'NETSCAPE2.0 loops forever');
    assert.equal(gif.frames.length, 4);
    assert.deepEqual(
      gif.frames.map((f) => f.delayCs),
      [12, 12, 12, 150],
    );
    assert.deepEqual(
      { ...gif.frames[0]!, indices: undefined, rgb: undefined },
      {
        left: 0,
        top: 0,
        width: W,
        height: H,
        delayCs: 12,
        disposal: 1,
        indices: undefined,
        rgb: undefined,
      },
    );
    // Later frames store only the rectangle that changed (the square moved within rows 10..17).
    const second = gif.frames[1]!;
    assert.ok(second.top >= 10 && second.top + second.height <= 18, `changed rows ${second.top}+${second.height}`);
    assert.ok(second.width < W);

    frames.forEach((input, n) => {
      const out = gif.frames[n]!.rgb;
      let worst = 0;
      for (let i = 0; i < W * H; i++) {
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[i * 3 + c]! - input[i * 4 + c]!));
        const exact = input[i * 4] === background[0] || input[i * 4] === fake[0];
        if (exact && input[i * 4 + 1] !== 100) assert.deepEqual([...out.subarray(i * 3, i * 3 + 3)], [...input.subarray(i * 4, i * 4 + 3)]);
      }
      assert.ok(worst <= 8, `frame ${n}: largest channel error ${worst}`);
    });
  });

  it('a frame that did not change is stored as one pixel', () => {
    const f = frame(0);
    const builder = new PaletteBuilder();
    builder.add(f);
    const encoder = new GifEncoder(W, H, builder.build());
    encoder.addFrame(f, 10);
    encoder.addFrame(f, 10);
    const gif = decodeGif(encoder.finish());
    assert.deepEqual([gif.frames[1]!.width, gif.frames[1]!.height], [1, 1]);
    assert.deepEqual(gif.frames[1]!.rgb, gif.frames[0]!.rgb);
  });

  it('a 480×480 picture of many colours stays within the quantisation error', () => {
    const size = 480;
    const px = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) px.set([(x * 255) / size, (y * 255) / size, ((x + y) * 127) / size, 255], (y * size + x) * 4);
    const builder = new PaletteBuilder([background]);
    builder.add(px, 3);
    const encoder = new GifEncoder(size, size, builder.build());
    encoder.addFrame(px, 12);
    const gif = decodeGif(encoder.finish());
    let total = 0;
    for (let i = 0; i < size * size; i++) for (let c = 0; c < 3; c++) total += Math.abs(gif.frames[0]!.rgb[i * 3 + c]! - px[i * 4 + c]!);
    assert.ok(total / (size * size * 3) < 8, `mean channel error ${(total / (size * size * 3)).toFixed(2)}`);
  });

  it('rejects frames of the wrong size and palettes beyond 256 colours', () => {
    const encoder = new GifEncoder(4, 4, new Palette([[0, 0, 0]]));
    assert.throws(() => encoder.addFrame(new Uint8ClampedArray(8), 10), /needs 64 bytes/);
    assert.throws(() => new Palette(Array.from({ length: 257 }, () => [0, 0, 0] as Rgb)), /1 to 256/);
  });
});
