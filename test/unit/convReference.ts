/**
 * Float64 reference loops for 2-D convolution in NHWC (dilation 1), written from the definition
 *   y[n, y, x, o] = Σ_{i,j,c} xPadded[n, y·sh + i, x·sw + j, c] · W[i, j, c, o]
 * so the conv kernels are checked against something that shares no code with any backend.
 */
export interface RefGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** Calls `visit(xIndex, wIndex, yIndex)` for every product term of the convolution. */
function eachTerm(g: RefGeometry, visit: (xi: number, wi: number, yi: number) => void): void {
  for (let n = 0; n < g.batch; n++)
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++)
        for (let i = 0; i < g.filterHeight; i++) {
          const h = oy * g.strideHeight + i - g.padTop;
          if (h < 0 || h >= g.inHeight) continue;
          for (let j = 0; j < g.filterWidth; j++) {
            const w = ox * g.strideWidth + j - g.padLeft;
            if (w < 0 || w >= g.inWidth) continue;
            for (let c = 0; c < g.inChannels; c++) {
              const xi = ((n * g.inHeight + h) * g.inWidth + w) * g.inChannels + c;
              const wBase = ((i * g.filterWidth + j) * g.inChannels + c) * g.outChannels;
              const yBase = ((n * g.outHeight + oy) * g.outWidth + ox) * g.outChannels;
              for (let o = 0; o < g.outChannels; o++) visit(xi, wBase + o, yBase + o);
            }
          }
        }
}

const sizes = (g: RefGeometry) => ({
  x: g.batch * g.inHeight * g.inWidth * g.inChannels,
  w: g.filterHeight * g.filterWidth * g.inChannels * g.outChannels,
  y: g.batch * g.outHeight * g.outWidth * g.outChannels,
});

export function conv2dRef(g: RefGeometry, x: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const y = new Float64Array(sizes(g).y);
  eachTerm(g, (xi, wi, yi) => (y[yi]! += x[xi]! * w[wi]!));
  return y;
}

export function backpropFilterRef(g: RefGeometry, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const dw = new Float64Array(sizes(g).w);
  eachTerm(g, (xi, wi, yi) => (dw[wi]! += x[xi]! * dy[yi]!));
  return dw;
}

export function backpropInputRef(g: RefGeometry, dy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const dx = new Float64Array(sizes(g).x);
  eachTerm(g, (xi, wi, yi) => (dx[xi]! += dy[yi]! * w[wi]!));
  return dx;
}
