/**
 * A tiny GIF decoder for the tests, written from the GIF89a specification independently of the
 * webview's encoder: blocks, colour tables, the NETSCAPE2.0 loop, graphic control (delay, disposal),
 * LZW with the usual decoder-side code-size rule, and frames composited onto a full canvas.
 */

export interface DecodedFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  delayCs: number;
  disposal: number;
  /** Palette indices of the frame's rectangle. */
  indices: Uint8Array;
  /** The whole image after this frame, RGB per pixel. */
  rgb: Uint8Array;
}

export interface DecodedGif {
  version: string;
  width: number;
  height: number;
  /** r, g, b per entry. */
  globalPalette: Uint8Array;
  /** NETSCAPE2.0 loop count (null when absent; 0 = forever). */
  loop: number | null;
  frames: DecodedFrame[];
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new Error(`GIF truncated at byte ${pos} (needs ${n} more)`);
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = bytes[pos]! | (bytes[pos + 1]! << 8);
    pos += 2;
    return v;
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const subBlocks = () => {
    const parts: Uint8Array[] = [];
    for (let size = u8(); size !== 0; size = u8()) parts.push(take(size));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  const signature = String.fromCharCode(...take(6));
  if (signature !== 'GIF89a' && signature !== 'GIF87a') throw new Error(`not a GIF: ${JSON.stringify(signature)}`);
  const width = u16();
  const height = u16();
  const packed = u8();
  const background = u8();
  u8(); // aspect
  const globalPalette = packed & 0x80 ? take(3 * (1 << ((packed & 7) + 1))).slice() : new Uint8Array(0);
  const canvas = new Uint8Array(width * height * 3);
  const paint = (palette: Uint8Array, index: number, at: number) => {
    canvas[at * 3] = palette[index * 3] ?? 0;
    canvas[at * 3 + 1] = palette[index * 3 + 1] ?? 0;
    canvas[at * 3 + 2] = palette[index * 3 + 2] ?? 0;
  };
  for (let i = 0; i < width * height; i++) paint(globalPalette, background, i);

  let loop: number | null = null;
  let delayCs = 0;
  let disposal = 0;
  let transparent = -1;
  const frames: DecodedFrame[] = [];
  for (;;) {
    const introducer = u8();
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = u8();
      if (label === 0xf9) {
        const size = u8();
        if (size !== 4) throw new Error(`graphic control extension of size ${size}`);
        const flags = u8();
        delayCs = u16();
        const t = u8();
        disposal = (flags >> 2) & 7;
        transparent = flags & 1 ? t : -1;
        if (u8() !== 0) throw new Error('graphic control extension without its terminator');
      } else if (label === 0xff) {
        const size = u8();
        const id = String.fromCharCode(...take(size));
        const body = subBlocks();
        if (id === 'NETSCAPE2.0' && body[0] === 1) loop = body[1]! | (body[2]! << 8);
      } else subBlocks();
      continue;
    }
    if (introducer !== 0x2c) throw new Error(`unexpected block 0x${introducer.toString(16)} at byte ${pos - 1}`);
    const left = u16();
    const top = u16();
    const w = u16();
    const h = u16();
    const flags = u8();
    const palette = flags & 0x80 ? take(3 * (1 << ((flags & 7) + 1))).slice() : globalPalette;
    const interlaced = (flags & 0x40) !== 0;
    const minCodeSize = u8();
    const indices = lzwDecode(subBlocks(), minCodeSize, w * h);
    if (left + w > width || top + h > height)
      throw new Error(`frame ${frames.length} (${left},${top} ${w}×${h}) outside ${width}×${height}`);
    const rows = interlaced ? interlacedRows(h) : Array.from({ length: h }, (_, i) => i);
    const before = disposal === 3 ? canvas.slice() : null;
    rows.forEach((y, r) => {
      for (let x = 0; x < w; x++) {
        const index = indices[r * w + x]!;
        if (index !== transparent) paint(palette, index, (top + y) * width + left + x);
      }
    });
    frames.push({ left, top, width: w, height: h, delayCs, disposal, indices, rgb: canvas.slice() });
    if (disposal === 2)
      for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) paint(globalPalette, background, y * width + x);
    if (before) canvas.set(before);
    delayCs = 0;
    disposal = 0;
    transparent = -1;
  }
  return { version: signature, width, height, globalPalette, loop, frames };
}

/** Row order of an interlaced image (passes: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1). */
function interlacedRows(h: number): number[] {
  const rows: number[] = [];
  for (const [start, step] of [
    [0, 8],
    [4, 8],
    [2, 4],
    [1, 2],
  ] as const)
    for (let y = start; y < h; y += step) rows.push(y);
  return rows;
}

/** GIF LZW decoding: a dictionary of byte strings, codes widening when the table reaches 2^size entries. */
export function lzwDecode(data: Uint8Array, minCodeSize: number, pixels: number): Uint8Array {
  if (minCodeSize < 2 || minCodeSize > 8) throw new Error(`LZW minimum code size ${minCodeSize}`);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < clear; i++) dict.push([i]);
    dict.push([], []);
    size = minCodeSize + 1;
  };
  reset();
  const out: number[] = [];
  let bitPos = 0;
  let prev: number[] | null = null;
  let sawEnd = false;
  while (bitPos + size <= data.length * 8) {
    let code = 0;
    for (let b = 0; b < size; b++, bitPos++) if (data[bitPos >> 3]! & (1 << (bitPos & 7))) code |= 1 << b;
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === end) {
      sawEnd = true;
      break;
    }
    let entry: number[];
    if (code < dict.length) entry = dict[code]!;
    else if (code === dict.length && prev) entry = [...prev, prev[0]!];
    else throw new Error(`LZW code ${code} with ${dict.length} table entries`);
    out.push(...entry);
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]!]);
    if (dict.length === 1 << size && size < 12) size++;
    prev = entry;
  }
  if (!sawEnd) throw new Error('LZW data without its end code');
  if (out.length !== pixels) throw new Error(`LZW gave ${out.length} pixels, expected ${pixels}`);
  return Uint8Array.from(out);
}
