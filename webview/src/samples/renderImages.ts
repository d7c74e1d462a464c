/**
 * images: the grid of G on the fixed noise batch (with its step) beside the grid of a real batch,
 * drawn from the pixels the host decoded from the run's PNGs, upscaled with nearest neighbour
 * (image smoothing off) by a whole factor when it fits, each grid framed; a panel whose PNG could
 * not be read says so.
 */
import type { GridPixels, ShownSamples } from '../../../src/shared/protocol';
import { toCss, withAlpha } from '../logic/colors';
import { formatInteger, formatValue } from '../logic/format';
import { gridRgba, placeGrids } from '../logic/imageGrid';
import { font, sizeCanvas } from './canvas';
import type { LegendEntry, RenderOptions } from './types';

const GAP = 16;
/** Placeholder size of a grid that could not be read (when the other one cannot tell it either). */
const MISSING_SIDE = 120;

/** Decoded grids, drawn once into a canvas of their own size (kept while the record is). */
const decoded = new WeakMap<GridPixels, HTMLCanvasElement | null>();

function gridCanvas(grid: GridPixels | null | undefined): HTMLCanvasElement | null {
  if (!grid) return null;
  if (decoded.has(grid)) return decoded.get(grid)!;
  const rgba = gridRgba(grid);
  let canvas: HTMLCanvasElement | null = null;
  if (rgba) {
    canvas = document.createElement('canvas');
    canvas.width = grid.width;
    canvas.height = grid.height;
    canvas.getContext('2d')!.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
  }
  decoded.set(grid, canvas);
  return canvas;
}

interface Panel {
  title: string;
  image: HTMLCanvasElement | null;
  missing: string;
}

export function renderImages(canvas: HTMLCanvasElement, record: ShownSamples, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const panels: Panel[] = [
    {
      title: `${o.compact ? 'generated' : 'generated (fixed z)'} · step ${formatInteger(record.step)}`,
      image: gridCanvas(record.grids?.fixed),
      missing: record.images ? `${record.images.fixedPng} could not be read` : 'no image grid in this record',
    },
    {
      title: 'real',
      image: gridCanvas(record.grids?.real),
      missing: record.images ? `${record.images.realPng} could not be read` : 'no image grid in this record',
    },
  ];
  const known = panels.find((p) => p.image)?.image;
  const gridWidth = known?.width ?? MISSING_SIDE;
  const gridHeight = known?.height ?? MISSING_SIDE;
  const { sideBySide, scale } = placeGrids(o.width, gridWidth + 2, GAP);
  const titleHeight = o.compact ? 18 : 22;
  const w = Math.max(1, Math.round(gridWidth * scale));
  const h = Math.max(1, Math.round(gridHeight * scale));
  const column = sideBySide ? (o.width - GAP) / 2 : o.width;
  const panelHeight = titleHeight + h + 2;
  const height = sideBySide ? panelHeight : 2 * panelHeight + GAP;
  const ctx = sizeCanvas(canvas, o.width, height, o.pixelRatio);

  panels.forEach((panel, i) => {
    const x0 = sideBySide ? i * (column + GAP) : 0;
    const y0 = sideBySide ? 0 : i * (panelHeight + GAP);
    const left = Math.round(x0 + Math.max(0, (column - w - 2) / 2)) + 1;
    const top = y0 + titleHeight + 1;
    ctx.font = font(theme, i === 0 ? -1 : -2);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillStyle = i === 0 ? toCss(theme.foreground) : withAlpha(theme.muted, 1);
    ctx.fillText(panel.title, left - 1, y0 + titleHeight / 2, Math.max(40, column));
    ctx.strokeStyle = withAlpha(theme.grid, 1);
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, top - 0.5, w + 1, h + 1);
    if (panel.image) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(panel.image, left, top, w, h);
    } else {
      ctx.fillStyle = withAlpha(theme.muted, 1);
      ctx.textAlign = 'center';
      ctx.fillText(panel.missing, left + w / 2, top + h / 2, w - 8);
    }
  });

  const shape = record.images?.shape;
  if (!shape) return [];
  const zoom = scale >= 1 ? `${scale}×` : `${formatValue(scale)}× (shrunk to fit)`;
  return [
    {
      label: `${shape.width}×${shape.height} px ${shape.channels === 1 ? 'greyscale' : 'RGB'} · shown ${zoom}, nearest neighbour`,
      colors: [],
      style: 'band',
    },
  ];
}
