/**
 * Sum's and Mean's gradients exactly as tfjs 4.22 defines them (broadcast dy back over the reduced
 * axes by multiplying with ones of x's shape; Mean then divides by the count), except that the ones
 * come from the backend's Fill kernel instead of tf.ones, which fills a JavaScript array and copies
 * it to the backend: on the wasm backend that was 8 ms of a DCGAN step, in batch normalisation's
 * gradients (small tensors keep tf.ones: there a kernel call costs more than the copy). The op graph is unchanged, so first- and second-order gradients (a gradient penalty
 * through batch or layer normalisation differentiates these again) are the same bit for bit.
 * (Dividing before the broadcast would save a kernel but reorders the second-order sums.)
 */
import * as tf from '@tensorflow/tfjs';

interface ReductionAttrs {
  axis: number | number[];
}

/** dy reshaped to x's rank with 1 on every reduced axis. */
function expandedDy(dy: tf.Tensor, x: tf.Tensor, attrs: ReductionAttrs): tf.Tensor {
  const shape = x.shape.slice();
  for (const axis of tf.util.parseAxisParam(attrs.axis, x.shape)) shape[axis] = 1;
  return tf.reshape(dy, shape);
}

/** From this size Fill's kernel call costs less than tf.ones's JavaScript array and copy. */
const FILL_FROM = 16_384;

const onesLike = (x: tf.Tensor) => (x.size >= FILL_FROM ? tf.fill(x.shape, 1, 'float32') : tf.ones(x.shape, 'float32'));

let registered = false;
const stockGradients: tf.GradConfig[] = [];

export function useFastReductionGradients(): void {
  if (registered) return;
  for (const name of ['Sum', 'Mean']) {
    const stock = tf.getGradient(name);
    if (stock) stockGradients.push(stock);
  }
  tf.registerGradient({
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const derX = tf.mul(expandedDy(dy as tf.Tensor, x, attrs as unknown as ReductionAttrs), onesLike(x));
      return { x: () => derX };
    },
  });
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { axis } = attrs as unknown as ReductionAttrs;
      const count = tf.util.parseAxisParam(axis, x.shape).reduce((size, a) => size * x.shape[a]!, 1);
      return { x: () => tf.div(tf.mul(expandedDy(dy as tf.Tensor, x, { axis }), onesLike(x)), count) };
    },
  });
  registered = true;
}

/** Runs `body` with tfjs's own Sum and Mean gradients registered, then puts these back (for tests). */
export function withStockReductionGradients<T>(body: () => T): T {
  const ours = ['Sum', 'Mean'].map((name) => tf.getGradient(name)!);
  for (const config of stockGradients) tf.registerGradient(config);
  try {
    return body();
  } finally {
    for (const config of ours) tf.registerGradient(config);
  }
}
