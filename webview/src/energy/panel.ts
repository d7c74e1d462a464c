/**
 * The layout the energy card's 2-D panels share: a square plot of the samples grid's extent (same
 * scale on both axes) with a colour bar to its right, sized to the panel's width.
 */
import type { Range } from '../logic/plotScale';
import { squareRanges } from '../logic/plotScale';
import { Frame, sizeCanvas, type Area } from '../samples/canvas';
import type { GridExtent } from '../samples/gridImage';
import type { Theme } from '../ui/theme';
import { COLOR_BAR_LABELS, COLOR_BAR_WIDTH } from './colorBar';

export interface PanelOptions {
  theme: Theme;
  /** CSS pixels available. */
  width: number;
  /** Backing pixels per CSS pixel (default: the device's). */
  pixelRatio?: number;
}

const MARGIN = { left: 40, top: 8, bottom: 24, gap: 10 };
const MAX_SIDE = 360;
const MIN_SIDE = 120;

/** Where the plot's data range sits on the canvas, kept on the element (data-frame) for tests and tools. */
export interface FrameGeometry {
  area: Area;
  x: Range;
  y: Range;
}

export function gridFrame(
  canvas: HTMLCanvasElement,
  grid: GridExtent,
  o: PanelOptions,
): { ctx: CanvasRenderingContext2D; frame: Frame; bar: Area } {
  const right = MARGIN.gap + COLOR_BAR_WIDTH + COLOR_BAR_LABELS;
  const side = Math.max(MIN_SIDE, Math.min(MAX_SIDE, o.width - MARGIN.left - right));
  const ctx = sizeCanvas(canvas, Math.max(o.width, side + MARGIN.left + right), side + MARGIN.top + MARGIN.bottom, o.pixelRatio);
  const ranges = squareRanges({ min: grid.xMin, max: grid.xMax }, { min: grid.yMin, max: grid.yMax });
  const area = { left: MARGIN.left, top: MARGIN.top, width: side, height: side };
  const frame = new Frame(area, ranges.x, ranges.y);
  const geometry: FrameGeometry = { area, x: ranges.x, y: ranges.y };
  canvas.dataset.frame = JSON.stringify(geometry);
  const bar = { left: MARGIN.left + side + MARGIN.gap, top: MARGIN.top, width: COLOR_BAR_WIDTH, height: side };
  return { ctx, frame, bar };
}
