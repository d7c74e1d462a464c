/**
 * Checks a schema cannot express: relations between fields (phase 1 of validation, pure). What the
 * data files the config names hold is phase 2's (`dataFileChecks.ts`).
 */
import type { ImageShape } from '../runFormat';
import { checkConditional } from './conditionalChecks';
import { checkImageData } from './imageDataChecks';
import { findRegularizer, usesSigmoid } from './objective';
import { DCGAN_IMAGE_SIZES, type AuxiliaryNetworkConfig, type DataConfig, type Experiment, type NetworkConfig } from './schema';
import type { JsonPath } from './sourceMap';
import type { Report } from './problemReport';

export function checkSemantics(config: Experiment, report: Report): void {
  checkData(config, report);
  checkRegularizers(config, report);
  checkNetworks(config, report);
  checkConditional(config, report);
}

/**
 * The shape of each sample when the data is images, else undefined. Every data kind must say
 * which it is (the dcgan networks need images, and their size).
 */
export function dataImageShape(data: DataConfig): ImageShape | undefined {
  switch (data.kind) {
    case 'parabola':
    case 'mixture1d':
    case 'ring':
    case 'grid':
    case 'swissroll':
    case 'moons':
    case 'csv':
      return undefined;
    case 'shapes':
      return { height: data.size, width: data.size, channels: data.channels };
    case 'imageFolder':
      return { height: data.size, width: data.size, channels: data.grayscale ? 1 : 3 };
    case 'idx':
    case 'mnist':
      return { height: data.size, width: data.size, channels: 1 };
    case 'stackedMnist':
      return { height: data.size, width: data.size, channels: 3 };
    default: {
      const unclassified: never = data;
      return unclassified;
    }
  }
}

/**
 * The convolutional (dcgan) networks need square image data of a size they are built for. An mlp
 * must not normalise a hidden unit over a single value (a batch of 1, a layer of width 1): the
 * result is always 0, so every output is the same whatever the input and nothing can be learnt.
 */
function checkNetworks(config: Experiment, report: Report): void {
  const image = dataImageShape(config.data);
  const sizes = Object.keys(DCGAN_IMAGE_SIZES).join(', ');
  const networks: { path: JsonPath; role: string; network: NetworkConfig | AuxiliaryNetworkConfig }[] = [
    { path: ['generator'], role: 'generator', network: config.generator },
    { path: ['discriminator'], role: 'discriminator', network: config.discriminator },
  ];
  const mi = config.loss.kind === 'energy' ? config.loss.mutualInformation : undefined;
  if (mi && mi.kind !== 'none')
    networks.push({
      path: ['loss', 'mutualInformation', 'network'],
      role: mi.kind === 'encoder' ? 'encoder' : 'statistics network',
      network: mi.network,
    });
  for (const { path, role, network } of networks) {
    if (network.kind === 'mlp' && network.hidden.length > 0) {
      const input = role === 'generator' ? 'z' : 'its input';
      if (network.normalization === 'batch' && config.schedule.batchSize === 1)
        report(
          [...path, 'normalization'],
          `batch normalisation over a batch of 1 turns every hidden unit into its bias, so the ${role} ignores ${input} and cannot learn: use "layer" or "none", or a schedule.batchSize of at least 2`,
          { expected: '"layer" or "none" with schedule.batchSize 1', found: '"batch" with schedule.batchSize 1' },
        );
      if (network.normalization === 'layer') {
        const narrow = network.hidden.indexOf(1);
        if (narrow >= 0)
          report(
            [...path, 'hidden', narrow],
            `layer normalisation of a layer of width 1 turns its unit into its bias, so the ${role} ignores ${input} and cannot learn: make the layer at least 2 wide, or use "batch" or "none" normalization`,
            { expected: 'a width of at least 2 with "normalization": "layer"', found: '1' },
          );
      }
    }
    if (network.kind !== 'dcgan') continue;
    if (!image)
      report(
        [...path, 'kind'],
        `"dcgan" is a convolutional network for image data, and data "${config.data.kind}" gives flat vectors: use "kind": "mlp" for this data, or image data`,
        { expected: '"mlp", or image data for "dcgan"', found: `"dcgan" with data.kind "${config.data.kind}"` },
      );
    else if (image.height !== image.width || DCGAN_IMAGE_SIZES[image.height] === undefined)
      report(
        [...path, 'kind'],
        `"dcgan" is built for square images of ${sizes} pixels; these are ${image.height}×${image.width}: resize the images, or use "kind": "mlp"`,
        { expected: `${sizes.replace(/(\d+)/g, '$1×$1')} images`, found: `${image.height}×${image.width} images` },
      );
  }
}

/** A setting that is valid but works against the experiment; the trainer records it as a warning event. */
export interface ConfigWarning {
  path: JsonPath;
  message: string;
}

export function configWarnings(config: Experiment): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const loss = config.loss.kind;
  const penalty = loss === 'wganGp' || loss === 'energy' ? loss : findRegularizer(config.regularizers, 'r1') ? 'r1' : undefined;
  if (penalty && config.discriminator.normalization === 'batch')
    warnings.push({
      path: ['discriminator', 'normalization'],
      message: `${penalty}'s gradient penalty is per sample, but batch normalisation makes each D output depend on the whole batch, so the penalised gradient is not that of D at one sample; use "layer" or "none"`,
    });
  return warnings;
}

/** Each regularizer at most once; label smoothing only where D's loss is a binary cross-entropy. */
function checkRegularizers(config: Experiment, report: Report): void {
  const first = new Map<string, number>();
  config.regularizers.forEach((regularizer, i) => {
    const earlier = first.get(regularizer.kind);
    if (earlier !== undefined) {
      report(
        ['regularizers', i, 'kind'],
        `"${regularizer.kind}" is given twice (also at regularizers[${earlier}]); each regularizer may appear once`,
        {
          expected: 'each kind at most once',
          found: `a second "${regularizer.kind}"`,
        },
      );
      return;
    }
    first.set(regularizer.kind, i);
    if (regularizer.kind === 'labelSmoothing' && !usesSigmoid(config.loss.kind))
      report(
        ['regularizers', i, 'kind'],
        `labelSmoothing smooths the binary cross-entropy of minimax and nonSaturating; loss "${config.loss.kind}" has none`,
        { expected: 'loss.kind "minimax" or "nonSaturating"', found: `loss.kind "${config.loss.kind}"` },
      );
  });
}

function checkData(config: Experiment, report: Report): void {
  const data = config.data;
  switch (data.kind) {
    case 'parabola':
      if (data.xMin >= data.xMax)
        report(['data', 'xMax'], 'xMax must be greater than xMin', { expected: `> ${data.xMin}`, found: String(data.xMax) });
      if (data.aMin > data.aMax)
        report(['data', 'aMax'], 'aMax must not be less than aMin', { expected: `≥ ${data.aMin}`, found: String(data.aMax) });
      break;
    case 'mixture1d':
      for (const key of ['stds', 'weights'] as const) {
        if (data[key].length !== data.means.length)
          report(['data', key], `needs one entry per mean (${data.means.length})`, {
            expected: `${data.means.length} numbers`,
            found: `${data[key].length}`,
          });
      }
      if (data.weights.reduce((a, b) => a + b, 0) <= 0)
        report(['data', 'weights'], 'weights must not all be zero', { expected: 'a positive sum', found: '0' });
      break;
    case 'shapes':
    case 'imageFolder':
    case 'idx':
    case 'mnist':
    case 'stackedMnist':
      checkImageData(data, report);
      break;
    default:
      break;
  }
}
