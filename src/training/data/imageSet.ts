/**
 * A data set over a fixed list of images, each loaded on first use and then kept in memory as
 * 8-bit values (height·width·channels bytes an image), so that once every image has been drawn
 * once nothing is read or decoded again. A batch draws images uniformly with replacement.
 */
import type { DataKind } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import type { Dataset } from './dataset';
import { BYTE_TO_UNIT, imageFields } from './imageLayout';

export interface ImageSetDataset extends Dataset {
  readonly image: ImageShape;
  /** Images in the set. */
  readonly count: number;
  /** Images loaded so far (in memory). */
  readonly loaded: number;
}

/** `load(i)` gives image i as dim bytes, HWC, 0 black to 255 white; it is called at most once per image. */
export function imageSetDataset(kind: DataKind, shape: ImageShape, count: number, load: (index: number) => Uint8Array): ImageSetDataset {
  const fields = imageFields(shape);
  const { dim } = fields;
  const cache: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(count);
  let loaded = 0;
  const image = (index: number): Uint8Array => {
    const cached = cache[index];
    if (cached !== undefined) return cached;
    const bytes = load(index);
    if (bytes.length !== dim) throw new Error(`${kind}: image ${index} has ${bytes.length} values, expected ${dim}`);
    cache[index] = bytes;
    loaded++;
    return bytes;
  };
  return {
    kind,
    ...fields,
    count,
    get loaded() {
      return loaded;
    },
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * dim);
      const unit = BYTE_TO_UNIT;
      for (let i = 0; i < n; i++) {
        const bytes = image(rng.int(count));
        const offset = i * dim;
        for (let k = 0; k < dim; k++) out[offset + k] = unit[bytes[k]!]!;
      }
      return out;
    },
  };
}
