/** Draws a samples record with the renderer for its layout. */
import type { ShownSamples } from '../../../src/shared/protocol';
import { renderCurves } from './renderCurves';
import { renderImages } from './renderImages';
import { renderPoints1d } from './renderPoints1d';
import { renderPoints2d } from './renderPoints2d';
import { renderVectors } from './renderVectors';
import type { LegendEntry, RenderOptions } from './types';

export function renderSamples(canvas: HTMLCanvasElement, record: ShownSamples, options: RenderOptions): LegendEntry[] {
  switch (record.layout) {
    case 'points2d':
      return renderPoints2d(canvas, record, options);
    case 'points1d':
      return renderPoints1d(canvas, record, options);
    case 'curves':
      return renderCurves(canvas, record, options);
    case 'vectors':
      return renderVectors(canvas, record, options);
    case 'images':
      return renderImages(canvas, record, options);
  }
}
