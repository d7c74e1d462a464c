/**
 * images: the grid of G on the fixed noise batch (with its step) beside the grid of a real batch,
 * drawn from the pixels the host decoded from the run's PNGs, upscaled with nearest neighbour
 * (image smoothing off) by a whole factor when it fits, each grid framed; a panel whose PNG could
 * not be read says why (the host's reason, e.g. a file its header check refused). A conditional run's generated rows are labelled with their class on the
 * left. Where the view offers tile selection (the dashboard), the selected tile is outlined, and
 * where the generated grid was drawn is kept for the view to map a click to a tile.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import type { ImageShape } from '../../../src/shared/runFormat';
import { isNearestImages, isRowClasses } from '../../../src/shared/runFormatGuards';
import { toCss, withAlpha } from '../logic/colors';
import { formatInteger, formatValue } from '../logic/format';
import { gridTiles, tileOrigin, type GridTiles } from '../logic/gridTiles';
import { placeGrids } from '../logic/imageGrid';
import { fillWrappedText, font, sizeCanvas } from './canvas';
import { decodedGrid } from './decodedGrid';
import type { LegendEntry, RenderOptions } from './types';

const GAP = 16;
/** Placeholder size of a grid that could not be read (when the other one cannot tell it either). */
const MISSING_SIDE = 120;
/** Between a row's class label and the grid's frame. */
const LABEL_GAP = 6;
/** Row labels listed in full in the legend up to this many. */
const LEGEND_ROWS = 12;

/** Where the generated grid was last drawn on a canvas (CSS pixels), and its tiles. */
export interface FixedGridPlacement {
  left: number;
  top: number;
  /** Screen pixels per grid pixel. */
  scale: number;
  shape: ImageShape;
  tiles: GridTiles;
  /** Tiles with nearest training images (0: the record has none). */
  selectable: number;
}

const placements = new WeakMap<HTMLCanvasElement, FixedGridPlacement>();

/** Where `canvas` last showed a generated grid; null when its record has none drawn. */
export function fixedGridPlacement(canvas: HTMLCanvasElement): FixedGridPlacement | null {
  return placements.get(canvas) ?? null;
}

interface Panel {
  title: string;
  image: HTMLCanvasElement | null;
  missing: string;
}

export function renderImages(canvas: HTMLCanvasElement, record: ShownSamples, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const images = record.images;
  const panels: Panel[] = [
    {
      title: `${o.compact ? 'generated' : 'generated (fixed z)'} · step ${formatInteger(record.step)}`,
      image: decodedGrid(record.grids?.fixed),
      missing: record.grids?.problems?.fixed ?? (images ? `${images.fixedPng} could not be read` : 'no image grid in this record'),
    },
    {
      title: 'real',
      image: decodedGrid(record.grids?.real),
      missing: record.grids?.problems?.real ?? (images ? `${images.realPng} could not be read` : 'no image grid in this record'),
    },
  ];
  const fixed = panels[0]!.image;
  const rowClasses = fixed && images && isRowClasses(images.rowClasses) ? images.rowClasses : null;
  const labelFont = font(theme, -2);
  const labelWidth = rowClasses ? widestText(canvas, rowClasses, labelFont) + LABEL_GAP : 0;
  // Both grids at one scale (a conditional run's generated grid can have fewer rows than the real one);
  // a grid that could not be read takes the other's size.
  const known = panels.find((p) => p.image)?.image;
  const size = (image: HTMLCanvasElement | null) => ({
    width: image?.width ?? known?.width ?? MISSING_SIDE,
    height: image?.height ?? known?.height ?? MISSING_SIDE,
  });
  const gridWidth = Math.max(...panels.map((p) => size(p.image).width));
  // Room for the labels on both sides keeps the two grids at the same scale.
  const { sideBySide, scale } = placeGrids(o.width - 2 * labelWidth, gridWidth + 2, GAP);
  const titleHeight = o.compact ? 18 : 22;
  const drawn = panels.map((p) => ({
    w: Math.max(1, Math.round(size(p.image).width * scale)),
    h: Math.max(1, Math.round(size(p.image).height * scale)),
  }));
  const column = sideBySide ? (o.width - GAP) / 2 : o.width;
  const panelHeights = drawn.map((d) => titleHeight + d.h + 2);
  const height = sideBySide ? Math.max(...panelHeights) : panelHeights[0]! + GAP + panelHeights[1]!;
  const ctx = sizeCanvas(canvas, o.width, height, o.pixelRatio);
  placements.delete(canvas);

  panels.forEach((panel, i) => {
    const { w, h } = drawn[i]!;
    const x0 = sideBySide ? i * (column + GAP) : 0;
    const y0 = sideBySide || i === 0 ? 0 : panelHeights[0]! + GAP;
    const inset = i === 0 ? labelWidth : 0;
    const left = Math.round(x0 + inset + Math.max(0, (column - inset - w - 2) / 2)) + 1;
    const top = y0 + titleHeight + 1;
    ctx.font = font(theme, i === 0 ? -1 : -2);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillStyle = i === 0 ? toCss(theme.foreground) : withAlpha(theme.muted, 1);
    ctx.fillText(panel.title, left - 1, y0 + titleHeight / 2, Math.max(40, column - inset));
    ctx.strokeStyle = withAlpha(theme.grid, 1);
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, top - 0.5, w + 1, h + 1);
    if (panel.image) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(panel.image, left, top, w, h);
    } else {
      // Why it is missing (the host's sentence naming the file, e.g. a PNG refused by its header).
      ctx.fillStyle = withAlpha(theme.muted, 1);
      const lineHeight = Math.max(12, theme.fontSize);
      fillWrappedText(ctx, panel.missing, left + w / 2, top + h / 2, w - 8, lineHeight, Math.floor((h - 8) / lineHeight));
    }
    if (i === 0 && panel.image && images) {
      const placement: FixedGridPlacement = {
        left,
        top,
        scale: w / panel.image.width,
        shape: images.shape,
        tiles: gridTiles(panel.image.width, panel.image.height, images.shape),
        selectable: isNearestImages(images.nearest) && record.grids?.nearest ? images.nearest.distances.length : 0,
      };
      placements.set(canvas, placement);
      if (rowClasses) drawRowLabels(ctx, placement, rowClasses, labelFont, withAlpha(theme.foreground, 1));
      if (o.selectedTile !== undefined && o.selectedTile !== null && o.selectedTile < placement.selectable)
        outlineTile(ctx, placement, o.selectedTile, toCss(theme.fake));
    }
  });

  const shape = images?.shape;
  if (!shape) return [];
  const zoom = scale >= 1 ? `${scale}×` : `${formatValue(scale)}× (shrunk to fit)`;
  const legend: LegendEntry[] = [
    {
      label: `${shape.width}×${shape.height} px ${shape.channels === 1 ? 'greyscale' : 'RGB'} · shown ${zoom}, nearest neighbour`,
      colors: [],
      style: 'band',
    },
  ];
  if (rowClasses) legend.push({ label: `generated rows by class: ${listed(rowClasses)}`, colors: [], style: 'band' });
  const selectable = placements.get(canvas)?.selectable ?? 0;
  if (o.selectedTile !== undefined && selectable > 0)
    legend.push({
      label: 'click a generated tile (or focus the grid and use the arrow keys) for its nearest training images',
      colors: [toCss(theme.fake)],
      style: 'band',
    });
  return legend;
}

function widestText(canvas: HTMLCanvasElement, texts: readonly string[], cssFont: string): number {
  const ctx = canvas.getContext('2d')!;
  ctx.font = cssFont;
  return Math.ceil(Math.max(0, ...texts.map((t) => ctx.measureText(t).width)));
}

/** Each class name right-aligned beside its row of the generated grid (rows the grid has). */
function drawRowLabels(
  ctx: CanvasRenderingContext2D,
  p: FixedGridPlacement,
  names: readonly string[],
  cssFont: string,
  color: string,
): void {
  ctx.font = cssFont;
  ctx.fillStyle = color;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const rows = Math.min(names.length, p.tiles.rows);
  for (let r = 0; r < rows; r++) {
    const y = p.top + (tileOrigin(r * p.tiles.columns, p.shape, p.tiles.columns).y + p.shape.height / 2) * p.scale;
    ctx.fillText(names[r]!, p.left - LABEL_GAP, y);
  }
}

/** A 2 px outline just outside the tile. */
function outlineTile(ctx: CanvasRenderingContext2D, p: FixedGridPlacement, index: number, color: string): void {
  const origin = tileOrigin(index, p.shape, p.tiles.columns);
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.strokeRect(
    p.left + origin.x * p.scale - 1,
    p.top + origin.y * p.scale - 1,
    p.shape.width * p.scale + 2,
    p.shape.height * p.scale + 2,
  );
}

/** "0, 1, 2" in full, or "0, 1, 2, …, 99" when there are many. */
function listed(names: readonly string[]): string {
  if (names.length <= LEGEND_ROWS) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, …, ${names[names.length - 1]!}`;
}
