/**
 * Defaults that depend on the loss (and for energy on the data), written once: schema.ts names
 * them in the descriptions of the nodes they fill, so hover in the editor says what a run will use,
 * and the validator fills them into the parsed file before the schema's own defaults. Nothing the
 * user gave is ever changed.
 */

/** The optimizer of a network the file gives none, by loss (absent: the schema's default, Adam). */
export const OPTIMIZER_BY_LOSS = {
  /** The WGAN paper: RMSprop with its defaults here (lr 5e-5). */
  wgan: { kind: 'rmsprop' },
  /** Kumar et al.'s code. */
  energy: { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9 },
} as const;

/** k, discriminator steps per generator step, when the file gives none, by loss (absent: the schema's default). */
export const D_STEPS_BY_LOSS = { energy: 5 } as const;

/** λ of the energy loss's gradient penalty when the file gives none (Kumar et al.: toys 0.1, MNIST/CIFAR 10). */
export const ENERGY_LAMBDA = { vectors: 0.1, images: 10 } as const;

export const IMAGE_DATA_KINDS: readonly string[] = ['shapes', 'imageFolder', 'idx', 'mnist', 'stackedMnist'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasKey = <T extends object>(o: T, key: unknown): key is keyof T => typeof key === 'string' && Object.hasOwn(o, key);

/**
 * Fills the loss-dependent defaults into the parsed file (`value`): the optimizer of each network
 * not given, k, and for energy λ and the mutual-information network (of the discriminator's kind).
 */
export function applyLossDependentDefaults(value: unknown): void {
  if (!isObject(value) || !isObject(value.loss)) return;
  const loss = value.loss;
  if (hasKey(OPTIMIZER_BY_LOSS, loss.kind)) {
    if (value.optimizer === undefined) value.optimizer = {};
    if (isObject(value.optimizer))
      for (const network of ['generator', 'discriminator'] as const)
        if (value.optimizer[network] === undefined) value.optimizer[network] = { ...OPTIMIZER_BY_LOSS[loss.kind] };
  }
  if (hasKey(D_STEPS_BY_LOSS, loss.kind)) {
    if (value.schedule === undefined) value.schedule = {};
    if (isObject(value.schedule) && value.schedule.dStepsPerGStep === undefined) value.schedule.dStepsPerGStep = D_STEPS_BY_LOSS[loss.kind];
  }
  if (loss.kind !== 'energy') return;
  if (loss.lambda === undefined && isObject(value.data))
    loss.lambda = IMAGE_DATA_KINDS.includes(value.data.kind as string) ? ENERGY_LAMBDA.images : ENERGY_LAMBDA.vectors;
  if (loss.mutualInformation === undefined) loss.mutualInformation = { kind: 'encoder' };
  const mi = loss.mutualInformation;
  const discriminatorKind = isObject(value.discriminator) ? value.discriminator.kind : undefined;
  if (isObject(mi) && mi.kind !== 'none' && mi.network === undefined && (discriminatorKind === 'mlp' || discriminatorKind === 'dcgan'))
    mi.network = { kind: discriminatorKind };
}
