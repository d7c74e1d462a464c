/** What a conditional GAN (`conditional`) needs of the data: a class label for every sample. */
import type { DataConfig, Experiment } from './schema';
import type { Report } from './problemReport';

/** Whether the data, as configured, gives every sample a class label. */
export function dataHasLabels(data: DataConfig): boolean {
  switch (data.kind) {
    case 'ring':
    case 'grid':
    case 'mixture1d':
      // The toy mixtures: a sample's class is the component it was drawn from.
      return true;
    case 'mnist':
      return data.labels;
    case 'stackedMnist':
      return true;
    case 'idx':
      return data.labels !== '';
    case 'imageFolder':
      return data.labels === 'folders';
    case 'parabola':
    case 'swissroll':
    case 'moons':
    case 'csv':
    case 'shapes':
      return false;
    default: {
      const unclassified: never = data;
      return unclassified;
    }
  }
}

/** Where the data kinds get their labels, for the message that asks for them. */
const LABELLED_DATA =
  'ring, grid or mixture1d (the mixture component), mnist (with "labels": true, the default), stackedMnist, idx with a "labels" file, or imageFolder with "labels": "folders"';

export function checkConditional(config: Experiment, report: Report): void {
  if (!config.conditional || dataHasLabels(config.data)) return;
  const kind = config.data.kind;
  const labelsOff = kind === 'mnist' || kind === 'idx' || kind === 'imageFolder';
  report(
    ['conditional'],
    `a conditional GAN needs a class label for every sample, and data "${kind}"${labelsOff ? ' as configured' : ''} has none: use labelled data — ${LABELLED_DATA} — or remove "conditional"`,
    { expected: 'labelled data', found: `data.kind "${kind}"${labelsOff ? ' without labels' : ''}` },
  );
}
