/**
 * GIFs decoded for the tests by omggif (MIT; a decoder independent of the webview's gifenc), with
 * the frames composited onto a full canvas as a viewer shows them: transparent pixels keep what was
 * there, disposal 2 clears the frame's rectangle after it, disposal 3 restores what was before it.
 */
import { GifReader } from 'omggif';

export interface DecodedFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  delayCs: number;
  disposal: number;
  transparentIndex: number | null;
  /** The whole image after this frame, RGB per pixel. */
  rgb: Uint8Array;
}

export interface DecodedGif {
  version: string;
  width: number;
  height: number;
  /** NETSCAPE2.0 loop count (null when absent; 0 = forever). */
  loop: number | null;
  frames: DecodedFrame[];
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const canvas = new Uint8Array(width * height * 4);
  const frames: DecodedFrame[] = [];
  for (let n = 0; n < reader.numFrames(); n++) {
    const f = reader.frameInfo(n);
    if (f.x + f.width > width || f.y + f.height > height)
      throw new Error(`frame ${n} (${f.x},${f.y} ${f.width}×${f.height}) outside ${width}×${height}`);
    const before = f.disposal === 3 ? canvas.slice() : null;
    reader.decodeAndBlitFrameRGBA(n, canvas);
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb.set(canvas.subarray(i * 4, i * 4 + 3), i * 3);
    frames.push({
      left: f.x,
      top: f.y,
      width: f.width,
      height: f.height,
      delayCs: f.delay,
      disposal: f.disposal,
      transparentIndex: f.transparent_index,
      rgb,
    });
    if (f.disposal === 2) for (let y = f.y; y < f.y + f.height; y++) canvas.fill(0, (y * width + f.x) * 4, (y * width + f.x + f.width) * 4);
    if (before) canvas.set(before);
  }
  return { version, width, height, loop: reader.loopCount(), frames };
}
