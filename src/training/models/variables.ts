/**
 * tfjs registers variables by name in one global registry, so two networks with the same layer
 * names (two GANs in one process, a test beside a run) would collide. Variables get a unique
 * registry name; their stable, logical name (used in checkpoints) is kept here.
 */
import * as tf from '@tensorflow/tfjs';

const logicalNames = new WeakMap<tf.Variable, string>();
let counter = 0;

export function createVariable(initial: tf.Tensor, trainable: boolean, name: string): tf.Variable {
  const variable = tf.variable(initial, trainable, `${name}_${++counter}`);
  initial.dispose();
  logicalNames.set(variable, name);
  return variable;
}

/** The name a variable was created with, stable across processes (e.g. `generator/dense0/kernel`). */
export function logicalName(variable: tf.Variable): string {
  return logicalNames.get(variable) ?? variable.name;
}
