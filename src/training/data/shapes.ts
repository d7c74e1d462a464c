import type { DataConfig } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import type { Dataset } from './dataset';
import { rasterizeShape, type ShapeFactors, type ShapeKind } from './image/rasterizeShape';
import { imageFields } from './imageLayout';

export type ShapesConfig = Extract<DataConfig, { kind: 'shapes' }>;

export interface LabelledShapes {
  /** n images, row-major n × dim, as `sample` gives them. */
  values: Float32Array;
  /** What was drawn in each image. */
  factors: ShapeFactors[];
}

export interface ShapesDataset extends Dataset {
  readonly image: ImageShape;
  /** The same images as `sample` for the same rng state, with the factors behind each. */
  sampleLabelled(n: number, rng: Rng): LabelledShapes;
}

/**
 * dSprites-like images drawn on the fly: per sample, in this order, a shape (uniform over
 * config.shapes), a scale (uniform on [minScale, maxScale]: the diameter of the shape's circle as a
 * fraction of the side), a centre (uniform where the circle fits inside the image), a rotation
 * (uniform on [0, 2π)) and, for 3 channels, a hue (uniform; full saturation and value).
 */
export function createShapesDataset(config: ShapesConfig): ShapesDataset {
  const { size, channels } = config;
  const shape: ImageShape = { height: size, width: size, channels };
  const fields = imageFields(shape);
  const { dim } = fields;
  const kinds: readonly ShapeKind[] = config.shapes;

  const draw = (rng: Rng): ShapeFactors => {
    const shapeKind = kinds[rng.int(kinds.length)]!;
    const radius = (rng.uniform(config.minScale, config.maxScale) * size) / 2;
    const x = rng.uniform(radius, size - radius);
    const y = rng.uniform(radius, size - radius);
    const rotation = rng.uniform(0, 2 * Math.PI);
    const colour = channels === 1 ? [1] : hueToRgb(rng.next());
    return { shape: shapeKind, x, y, radius, rotation, colour };
  };

  const sampleLabelled = (n: number, rng: Rng): LabelledShapes => {
    const values = new Float32Array(n * dim);
    const factors: ShapeFactors[] = [];
    for (let i = 0; i < n; i++) {
      const f = draw(rng);
      rasterizeShape(values, i * dim, size, channels, f);
      factors.push(f);
    }
    return { values, factors };
  };

  return {
    kind: 'shapes',
    ...fields,
    image: shape,
    sampleLabelled,
    sample: (n, rng) => sampleLabelled(n, rng).values,
  };
}

/** Fully saturated, full-value colour of hue h ∈ [0, 1) (HSV with S = V = 1), channels in [0, 1]. */
export function hueToRgb(h: number): number[] {
  const channel = (offset: number) => {
    const k = (offset + h * 6) % 6;
    return 1 - Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [channel(5), channel(3), channel(1)];
}
