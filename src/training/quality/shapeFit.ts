/**
 * Whether a generated image of the shapes data set shows one of its shapes, measured: the image's
 * ink (imageQuality.ts's rule) is matched against each shape kind drawn at the ink's centroid, with
 * the area of the ink, over a grid of rotations and three scales; the best intersection over union
 * (IoU) names the kind. An image is recognised as that kind when it is a single blob and the best
 * IoU is at least SHAPE_FIT_IOU.
 *
 * A rounded blob fits no kind well: a square or triangle loses its corners, and the ellipse of
 * the data set is twice as long as it is wide. So the share of recognised images, and how it
 * divides between the kinds, tells a generator that draws shapes from one that draws blobs.
 */
import type { ImageShape, QualityMetrics } from '../../shared/runFormat';
import { ELLIPSE_ASPECT, signedDistance, type ShapeKind } from '../data/image/rasterizeShape';
import { componentScratch } from './connectedComponents';
import { inkMask, isSingleBlob } from './imageQuality';

export const SHAPE_FIT_IOU = 0.9;
const ROTATIONS_PER_PERIOD = 24;
const SCALES = [0.92, 1, 1.08];

/** Rotations after which a kind looks the same. */
const SYMMETRY_PERIOD: Record<ShapeKind, number> = { square: Math.PI / 2, triangle: (2 * Math.PI) / 3, ellipse: Math.PI };
/** Area of a kind over its radius squared (square and triangle inscribed in the circle of that radius). */
const AREA_OVER_RADIUS2: Record<ShapeKind, number> = { square: 2, triangle: (3 * Math.sqrt(3)) / 4, ellipse: Math.PI * ELLIPSE_ASPECT };

export interface ShapeFit {
  kind: ShapeKind;
  iou: number;
}

/** The kind among `kinds` whose drawing best covers the ink in `mask` (1 ink), or null for no ink. */
export function fitShape(mask: Uint8Array, shape: ImageShape, kinds: readonly ShapeKind[]): ShapeFit | null {
  const { width, height } = shape;
  let area = 0;
  let sx = 0;
  let sy = 0;
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if (!mask[row * width + col]) continue;
      area++;
      sx += col + 0.5;
      sy += row + 0.5;
      x0 = Math.min(x0, col);
      x1 = Math.max(x1, col);
      y0 = Math.min(y0, row);
      y1 = Math.max(y1, row);
    }
  }
  if (area === 0) return null;
  const cx = sx / area;
  const cy = sy / area;
  let best: ShapeFit | null = null;
  for (const kind of kinds) {
    const fitted = Math.sqrt(area / AREA_OVER_RADIUS2[kind]);
    for (const scale of SCALES) {
      const radius = fitted * scale;
      // Pixels the blob or the drawing can cover.
      const c0 = Math.max(0, Math.min(x0, Math.floor(cx - radius - 1)));
      const c1 = Math.min(width - 1, Math.max(x1, Math.ceil(cx + radius + 1)));
      const r0 = Math.max(0, Math.min(y0, Math.floor(cy - radius - 1)));
      const r1 = Math.min(height - 1, Math.max(y1, Math.ceil(cy + radius + 1)));
      for (let k = 0; k < ROTATIONS_PER_PERIOD; k++) {
        const distance = signedDistance(kind, radius, (k * SYMMETRY_PERIOD[kind]) / ROTATIONS_PER_PERIOD);
        let intersection = 0;
        let union = 0;
        for (let row = r0; row <= r1; row++) {
          for (let col = c0; col <= c1; col++) {
            // Ink in a drawing is coverage over one half: inside the edge.
            const drawn = distance(col + 0.5 - cx, row + 0.5 - cy) < 0;
            const inked = mask[row * width + col] === 1;
            if (drawn && inked) intersection++;
            if (drawn || inked) union++;
          }
        }
        // The window holds all the ink, so this is the IoU over the whole image.
        const iou = intersection / union;
        if (!best || iou > best.iou) best = { kind, iou };
      }
    }
  }
  return best;
}

export interface ShapeFitStatistics {
  /** Share of images recognised as some kind. */
  share: number;
  /** Share of images recognised as each kind (they sum to `share`). */
  byKind: Record<ShapeKind, number>;
}

/** The shapes data set's quality metrics: shape-fit shares of generated and real images. */
export function shapeQuality(real: Float32Array, fake: Float32Array, shape: ImageShape, kinds: readonly ShapeKind[]): QualityMetrics {
  const generated = shapeFitStatistics(fake, shape, kinds);
  return {
    shapeFitShare: generated.share,
    realShapeFitShare: shapeFitStatistics(real, shape, kinds).share,
    squareShare: generated.byKind.square,
    ellipseShare: generated.byKind.ellipse,
    triangleShare: generated.byKind.triangle,
  };
}

/** Shape-fit statistics of `images` (row-major n × h·w·c); all 0 for no images. */
export function shapeFitStatistics(images: Float32Array, shape: ImageShape, kinds: readonly ShapeKind[]): ShapeFitStatistics {
  const pixels = shape.height * shape.width;
  const n = Math.floor(images.length / (pixels * shape.channels));
  const counts: Record<ShapeKind, number> = { square: 0, ellipse: 0, triangle: 0 };
  const mask = new Uint8Array(pixels);
  const scratch = componentScratch(pixels);
  let recognised = 0;
  for (let i = 0; i < n; i++) {
    inkMask(images, i, shape, mask);
    if (!isSingleBlob(mask, shape, scratch)) continue;
    const fit = fitShape(mask, shape, kinds);
    if (!fit || fit.iou < SHAPE_FIT_IOU) continue;
    recognised++;
    counts[fit.kind]++;
  }
  const share = (count: number) => (n === 0 ? 0 : count / n);
  return {
    share: share(recognised),
    byKind: { square: share(counts.square), ellipse: share(counts.ellipse), triangle: share(counts.triangle) },
  };
}
