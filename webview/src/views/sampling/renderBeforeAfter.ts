/** Samples before (G(z₀)) and after (G(z_T)) a sampling result, drawn the way their data kind is. */
import type { ShownSampling } from '../../../../src/shared/protocol';
import { formatInteger } from '../../logic/format';
import { methodName } from '../../logic/samplingLabels';
import type { LegendEntry } from '../../samples/types';
import type { Theme } from '../../ui/theme';
import { renderCurvePair } from './renderCurvePair';
import { renderImagePair } from './renderImagePair';
import { renderHistogramPair, renderScatterPair, type PairOptions } from './renderPointPairs';

export function renderBeforeAfter(canvas: HTMLCanvasElement, record: ShownSampling, theme: Theme, width: number): LegendEntry[] {
  const { method, steps } = record.settings;
  const o: PairOptions = {
    theme,
    width,
    titles: ['before: G(z₀)', `after ${formatInteger(steps)} ${methodName(method)} steps: G(z_T)`],
  };
  switch (record.layout) {
    case 'images':
      return renderImagePair(canvas, record, o);
    case 'points1d':
      return renderHistogramPair(canvas, record, o);
    case 'curves':
      return renderCurvePair(canvas, record, o);
    case 'points2d':
    case 'vectors':
      return renderScatterPair(canvas, record, o);
  }
}
