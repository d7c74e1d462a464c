import assert from 'node:assert/strict';
import { GifEncoder, MAX_PALETTE, PaletteBuilder, type Rgb } from '../../webview/src/export/gif';
import { decodeGif } from '../render/gifDecoder';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** Encodes `frames` with a palette built from all of them, every frame shown `delays[i]` cs. */
function encode(width: number, height: number, frames: Uint8ClampedArray[], reserved: Rgb[] = [], delays?: number[]) {
  const builder = new PaletteBuilder(reserved);
  for (const f of frames) builder.add(f);
  const encoder = new GifEncoder(width, height, builder.build());
  frames.forEach((f, i) => encoder.addFrame(f, delays?.[i] ?? 10));
  return encoder.finish();
}

const solid = (width: number, height: number, c: Rgb) => {
  const px = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) px.set([c[0], c[1], c[2], 255], i * 4);
  return px;
};

/** Largest and mean absolute channel difference between an RGBA input and a decoded RGB frame. */
function channelError(input: Uint8ClampedArray, rgb: Uint8Array): { worst: number; mean: number } {
  let worst = 0;
  let total = 0;
  const pixels = rgb.length / 3;
  for (let i = 0; i < pixels; i++)
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(rgb[i * 3 + c]! - input[i * 4 + c]!);
      worst = Math.max(worst, d);
      total += d;
    }
  return { worst, mean: total / (pixels * 3) };
}

describe('webview GIF encoder: palette', () => {
  it('keeps the reserved colours first and exact, at most 255 entries (the 256th is "unchanged")', () => {
    const reserved: Rgb[] = [
      [31, 31, 31],
      [204, 204, 204],
      [55, 148, 255],
      [31, 31, 31],
    ];
    const builder = new PaletteBuilder(reserved);
    const rnd = random(5);
    builder.add(Uint8ClampedArray.from({ length: 64 * 64 * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rnd() * 256))));
    const palette = builder.build();
    assert.ok(palette.length <= MAX_PALETTE && palette.length > 200, `size ${palette.length}`);
    assert.deepEqual(palette.slice(0, 3), reserved.slice(0, 3), 'duplicates dropped');
  });

  it('a picture of few distinct colours comes back exactly', () => {
    const colors: Rgb[] = Array.from({ length: 40 }, (_, i) => [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256]);
    const pixels = new Uint8ClampedArray(40 * 10 * 4);
    for (let i = 0; i < 400; i++) pixels.set([...colors[i % 40]!, 255], i * 4);
    const gif = decodeGif(encode(40, 10, [pixels]));
    assert.deepEqual(channelError(pixels, gif.frames[0]!.rgb).worst, 0);
  });

  it('thins its sample evenly once it is full: colours of the first and the last of many frames make the palette', () => {
    const size = 480;
    const frames = Array.from({ length: 24 }, (_, n): Rgb => [10 * n, 255 - 10 * n, (n * 97) % 256]);
    const builder = new PaletteBuilder();
    for (const c of frames) builder.add(solid(size, size, c)); // 5.5 M pixels, beyond the 4 M sample
    const palette = builder.build();
    assert.equal(palette.length, frames.length);
    for (const c of [frames[0]!, frames[23]!])
      assert.ok(
        palette.some((p) => p.every((v, i) => v === c[i])),
        `${c.join(',')} in the palette`,
      );
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

  it('decodes to the frames that went in: size, loop, delays, disposal, pixels', () => {
    const frames = [0, 1, 2, 3, 0].map(frame);
    const bytes = encode(W, H, frames, [background, fake], [12, 12, 12, 12, 150]);
    assert.equal(String.fromCharCode(...bytes.subarray(0, 6)), 'GIF89a');
    assert.equal(bytes[bytes.length - 1], 0x3b);

    const gif = decodeGif(bytes);
    assert.deepEqual([gif.width, gif.height], [W, H]);
    assert.equal(gif.loop, 0, 'NETSCAPE2.0 loops forever');
    assert.deepEqual(
      gif.frames.map((f) => [f.delayCs, f.disposal]),
      [
        [12, 1],
        [12, 1],
        [12, 1],
        [12, 1],
        [150, 1],
      ],
    );
    assert.equal(gif.frames[0]!.transparentIndex, null, 'the first frame is whole');
    assert.ok(
      gif.frames.slice(1).every((f) => f.transparentIndex !== null),
      'later frames draw over the one before',
    );

    frames.forEach((input, n) => {
      const out = gif.frames[n]!.rgb;
      for (let i = 0; i < W * H; i++) {
        const exact = input[i * 4 + 1] !== 100; // the reserved colours (not the gradient band)
        if (exact) assert.deepEqual([...out.subarray(i * 3, i * 3 + 3)], [...input.subarray(i * 4, i * 4 + 3)], `frame ${n} pixel ${i}`);
      }
      assert.ok(channelError(input, out).worst <= 8, `frame ${n}: largest channel error ${channelError(input, out).worst}`);
    });
  });

  it('a frame that did not change costs a few bytes and shows the frame before', () => {
    const f = frame(0);
    const one = encode(W, H, [f]);
    const two = encode(W, H, [f, f]);
    assert.ok(two.length - one.length < 100, `the second frame took ${two.length - one.length} bytes`);
    const gif = decodeGif(two);
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
    const { mean } = channelError(px, decodeGif(encoder.finish()).frames[0]!.rgb);
    assert.ok(mean < 8, `mean channel error ${mean.toFixed(2)}`);
  });

  it('takes a frame that is a view into a larger buffer', () => {
    const f = frame(2);
    const larger = new Uint8ClampedArray(f.length + 64);
    larger.set(f, 32);
    const builder = new PaletteBuilder();
    builder.add(f);
    const encoder = new GifEncoder(W, H, builder.build());
    encoder.addFrame(larger.subarray(32, 32 + f.length), 10);
    assert.deepEqual(encoder.finish(), encode(W, H, [f]));
  });

  it('rejects frames of the wrong size, palettes beyond 255 colours and frames after finish', () => {
    const encoder = new GifEncoder(4, 4, [[0, 0, 0]]);
    assert.throws(() => encoder.addFrame(new Uint8ClampedArray(8), 10), /needs 64 bytes/);
    assert.throws(
      () =>
        new GifEncoder(
          4,
          4,
          Array.from({ length: 256 }, (): Rgb => [0, 0, 0]),
        ),
      /1 to 255/,
    );
    encoder.addFrame(new Uint8ClampedArray(64), 10);
    encoder.finish();
    assert.throws(() => encoder.addFrame(new Uint8ClampedArray(64), 10), /finished/);
  });
});
