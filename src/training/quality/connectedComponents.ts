/**
 * Sizes of the connected components of a binary mask, found with an explicit stack: 8-connected
 * (pixels touching by an edge or a corner belong together) or 4-connected (by an edge only).
 * `scratch` buffers may be passed in and reused across calls to avoid allocating per image.
 */
export interface ComponentScratch {
  label: Uint8Array;
  stack: Int32Array;
}

export function componentScratch(pixels: number): ComponentScratch {
  return { label: new Uint8Array(pixels), stack: new Int32Array(pixels) };
}

/**
 * Pixel count of each component of the pixels whose `mask` value equals `value` (row-major,
 * width × height), in the order of their first pixel.
 */
export function componentSizes(
  mask: Uint8Array,
  value: 0 | 1,
  width: number,
  height: number,
  connectivity: 4 | 8,
  scratch = componentScratch(width * height),
): number[] {
  const { label, stack } = scratch;
  const count = width * height;
  label.fill(0, 0, count);
  const sizes: number[] = [];
  for (let start = 0; start < count; start++) {
    if (mask[start] !== value || label[start] !== 0) continue;
    let size = 0;
    let top = 0;
    stack[top++] = start;
    label[start] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const y = (p / width) | 0;
      const x = p - y * width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
          const q = ny * width + nx;
          if (mask[q] === value && label[q] === 0) {
            label[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    sizes.push(size);
  }
  return sizes;
}
