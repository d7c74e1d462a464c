/**
 * A data set over a fixed list of images, each loaded on first use and then kept in memory as
 * 8-bit values (height·width·channels bytes an image), so that once every image has been drawn
 * once nothing is read or decoded again. A batch draws images uniformly with replacement; with
 * labels, the labelled batch is the same draw with each image's class.
 */
import type { DataKind } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import type { ClassInfo, Dataset, LabeledBatch } from './dataset';
import { BYTE_TO_UNIT, imageFields } from './imageLayout';

export interface ImageSetDataset extends Dataset {
  readonly image: ImageShape;
  /** Images in the set. */
  readonly count: number;
  /** Images loaded so far (in memory). */
  readonly loaded: number;
  /** Image `index` as dim bytes, HWC, 0 black to 255 white (loaded now if it was not yet). */
  imageBytes(index: number): Uint8Array;
}

export interface ImageSetLabels {
  classes: ClassInfo;
  /** Class index of each image, in [0, classes.names.length). */
  of: ArrayLike<number>;
}

/** `load(i)` gives image i as dim bytes, HWC, 0 black to 255 white; it is called at most once per image. */
export function imageSetDataset(
  kind: DataKind,
  shape: ImageShape,
  count: number,
  load: (index: number) => Uint8Array,
  labels?: ImageSetLabels,
): ImageSetDataset {
  const fields = imageFields(shape);
  const { dim } = fields;
  if (labels && labels.of.length < count)
    throw new Error(`${kind}: ${labels.of.length} labels for ${count} images; every image needs its label`);
  const cache: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(count);
  let loaded = 0;
  const imageBytes = (index: number): Uint8Array => {
    const cached = cache[index];
    if (cached !== undefined) return cached;
    const bytes = load(index);
    if (bytes.length !== dim) throw new Error(`${kind}: image ${index} has ${bytes.length} values, expected ${dim}`);
    cache[index] = bytes;
    loaded++;
    return bytes;
  };
  /** n images drawn uniformly; the index of each goes to `drawn` when given. */
  const draw = (n: number, rng: Rng, drawn?: Int32Array): Float32Array => {
    const out = new Float32Array(n * dim);
    const unit = BYTE_TO_UNIT;
    for (let i = 0; i < n; i++) {
      const index = rng.int(count);
      if (drawn) drawn[i] = index;
      const bytes = imageBytes(index);
      const offset = i * dim;
      for (let k = 0; k < dim; k++) out[offset + k] = unit[bytes[k]!]!;
    }
    return out;
  };
  return {
    kind,
    ...fields,
    count,
    get loaded() {
      return loaded;
    },
    imageBytes,
    sample: (n: number, rng: Rng) => draw(n, rng),
    ...(labels && {
      classes: labels.classes,
      sampleLabeled(n: number, rng: Rng): LabeledBatch {
        const indexes = new Int32Array(n);
        const x = draw(n, rng, indexes);
        return { x, labels: indexes.map((index) => labels.of[index]!) };
      },
    }),
  };
}
