/**
 * Draws one shape of the shapes data set into an image of floats in [−1, 1] with anti-aliased edges:
 * each pixel's coverage is clamp(½ − d, 0, 1), d the signed distance (in pixels) from the pixel
 * centre to the shape's edge (negative inside), so the edge ramps over one pixel and the inside
 * is flat. Square and triangle are regular polygons inscribed in a circle of `radius` (d is the
 * largest distance past an edge line, exact inside and along the edges); the ellipse has semi-axes
 * radius and radius/2 (d to first order: implicit function over its gradient's length).
 */
export type ShapeKind = 'square' | 'ellipse' | 'triangle';

export interface ShapeFactors {
  shape: ShapeKind;
  /** Centre, in pixels from the top-left corner (x to the right, y down). */
  x: number;
  y: number;
  /** Radius of the circle that holds the shape at any rotation, in pixels. */
  radius: number;
  /** Radians, counter-clockwise on screen. */
  rotation: number;
  /** Value of each channel at full coverage, in [0, 1] (1: white). */
  colour: readonly number[];
}

/** Semi-minor axis of the ellipse as a fraction of its semi-major axis. */
export const ELLIPSE_ASPECT = 0.5;

const SIDES: Record<Exclude<ShapeKind, 'ellipse'>, number> = { square: 4, triangle: 3 };

/**
 * The signed distance in pixels from a point (px, py), relative to the centre (x right, y down), to
 * the edge of the shape drawn with this radius and rotation; its constants are computed once.
 */
export function signedDistance(shape: ShapeKind, radius: number, rotation: number): (px: number, py: number) => number {
  if (shape === 'ellipse') {
    const c = Math.cos(rotation);
    const s = Math.sin(rotation);
    const ia = 1 / (radius * radius);
    const ib = ia / (ELLIPSE_ASPECT * ELLIPSE_ASPECT);
    return (px, py) => ellipseDistance(px * c - py * s, px * s + py * c, ia, ib);
  }
  const sides = SIDES[shape];
  const nx = new Float64Array(sides);
  const ny = new Float64Array(sides);
  for (let k = 0; k < sides; k++) {
    const angle = rotation + ((2 * k + 1) * Math.PI) / sides;
    nx[k] = Math.cos(angle);
    ny[k] = -Math.sin(angle); // screen y points down
  }
  const apothem = radius * Math.cos(Math.PI / sides);
  return (px, py) => {
    let d = nx[0]! * px + ny[0]! * py;
    for (let k = 1; k < sides; k++) {
      const e = nx[k]! * px + ny[k]! * py;
      if (e > d) d = e;
    }
    return d - apothem;
  };
}

/** u, v along the ellipse's axes; ia = 1/a², ib = 1/b². */
function ellipseDistance(u: number, v: number, ia: number, ib: number): number {
  const f = u * u * ia + v * v * ib - 1;
  const gu = u * ia;
  const gv = v * ib;
  const g = 2 * Math.sqrt(gu * gu + gv * gv);
  return g > 1e-12 ? f / g : -Infinity;
}

/**
 * Writes a size × size × channels image (HWC) at `offset` of `out`: black (−1) with the shape over
 * it. Only pixels within the shape's circle are evaluated.
 */
export function rasterizeShape(out: Float32Array, offset: number, size: number, channels: number, f: ShapeFactors): void {
  out.fill(-1, offset, offset + size * size * channels);
  const x0 = Math.max(0, Math.floor(f.x - f.radius - 1));
  const x1 = Math.min(size - 1, Math.ceil(f.x + f.radius + 1));
  const y0 = Math.max(0, Math.floor(f.y - f.radius - 1));
  const y1 = Math.min(size - 1, Math.ceil(f.y + f.radius + 1));
  const distance = signedDistance(f.shape, f.radius, f.rotation);
  for (let row = y0; row <= y1; row++) {
    const py = row + 0.5 - f.y;
    for (let col = x0; col <= x1; col++) {
      const px = col + 0.5 - f.x;
      const d = distance(px, py);
      if (d >= 0.5) continue;
      const cover = d <= -0.5 ? 1 : 0.5 - d;
      const at = offset + (row * size + col) * channels;
      for (let k = 0; k < channels; k++) out[at + k] = 2 * cover * f.colour[k]! - 1;
    }
  }
}
