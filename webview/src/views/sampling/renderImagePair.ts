/**
 * Image samples before and after sampling: the result's before.png and after.png grids, decoded by
 * the host, upscaled with nearest neighbour by a whole factor when it fits; a grid that could not
 * be read says why (the host's reason).
 */
import type { GridPixels, ShownSampling } from '../../../../src/shared/protocol';
import { withAlpha } from '../../logic/colors';
import { formatValue } from '../../logic/format';
import { gridRgba, placeGrids } from '../../logic/imageGrid';
import { fillWrappedText, font, sizeCanvas } from '../../samples/canvas';
import type { LegendEntry } from '../../samples/types';
import { drawPanelTitle, PAIR_GAP, TITLE_HEIGHT } from './pairLayout';
import type { PairOptions } from './renderPointPairs';

/** Placeholder side of a grid that could not be read. */
const MISSING_SIDE = 120;

function gridCanvas(grid: GridPixels | null | undefined): HTMLCanvasElement | null {
  const rgba = grid ? gridRgba(grid) : null;
  if (!grid || !rgba) return null;
  const canvas = document.createElement('canvas');
  canvas.width = grid.width;
  canvas.height = grid.height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
  return canvas;
}

export function renderImagePair(canvas: HTMLCanvasElement, record: ShownSampling, o: PairOptions): LegendEntry[] {
  const { theme } = o;
  const images = [gridCanvas(record.grids?.before), gridCanvas(record.grids?.after)];
  const known = images.find((c) => c !== null);
  const gridWidth = known?.width ?? MISSING_SIDE;
  const gridHeight = known?.height ?? MISSING_SIDE;
  // Side by side always: before and after are meant to be compared at a glance.
  const scale = placeGrids(o.width, gridWidth + 2, PAIR_GAP).scale;
  const w = Math.max(1, Math.round(gridWidth * scale));
  const h = Math.max(1, Math.round(gridHeight * scale));
  const column = (o.width - PAIR_GAP) / 2;
  const ctx = sizeCanvas(canvas, o.width, TITLE_HEIGHT + h + 2, o.pixelRatio);
  images.forEach((image, i) => {
    const left = Math.round(i * (column + PAIR_GAP) + Math.max(0, (column - w - 2) / 2)) + 1;
    const area = { left, top: TITLE_HEIGHT + 1, width: w, height: h };
    drawPanelTitle(ctx, theme, { ...area, width: Math.max(w, column - 2) }, o.titles[i]!, i === 1);
    ctx.strokeStyle = withAlpha(theme.grid, 1);
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, area.top - 0.5, w + 1, h + 1);
    if (image) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, left, area.top, w, h);
    } else {
      ctx.font = font(theme, -2);
      ctx.fillStyle = withAlpha(theme.muted, 1);
      const name = i === 0 ? 'before' : 'after';
      // The host's reason, naming the file (e.g. a PNG refused by its header check).
      const why = record.grids?.problems?.[name] ?? `${name}.png could not be read`;
      const lineHeight = Math.max(12, theme.fontSize);
      fillWrappedText(ctx, why, left + w / 2, area.top + h / 2, w - 8, lineHeight, Math.floor((h - 8) / lineHeight));
    }
  });
  const shape = record.images?.shape;
  if (!shape) return [];
  const zoom = scale >= 1 ? `${scale}×` : `${formatValue(scale)}× (shrunk to fit)`;
  return [
    {
      label: `${shape.width}×${shape.height} px, first ${Math.min(64, record.settings.chains)} chains · shown ${zoom}, nearest neighbour`,
      colors: [],
      style: 'band',
    },
  ];
}
