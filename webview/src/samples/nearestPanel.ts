/**
 * The memorisation check of an image run: one generated tile of the fixed grid, enlarged, beside
 * its nearest training images in the classifier's feature space (its row of the record's nearest
 * PNG, nearest first), each captioned with its feature distance. A generator that copies its
 * training images shows near-identical pictures at distances far below the others'.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import { isNearestImages, isRowClasses } from '../../../src/shared/runFormatGuards';
import { formatValue } from '../logic/format';
import { GRID_GUTTER, gridTiles, tileOrigin } from '../logic/gridTiles';
import { button, h, setChildren, setText, show } from '../ui/dom';
import { decodedGrid } from './decodedGrid';

/** Screen pixels per image pixel at most (28 px digits: 112 px). */
const MAX_SCALE = 4;
/** Horizontal room each figure takes besides its image (gaps, borders). */
const FIGURE_ROOM = 14;

export class NearestPanel {
  readonly root = h('div', { class: 'gw-nearest', role: 'region', 'aria-label': 'nearest training images' });
  private readonly heading = h('h3');
  private readonly figures = h('div', { class: 'gw-nearest-row' });
  private drawn = '';

  constructor(onClose: () => void) {
    const close = button('✕', onClose, { class: 'gw-icon', title: 'Close (Escape)', 'aria-label': 'Close the nearest training images' });
    this.root.append(h('div', { class: 'gw-subhead' }, this.heading, close), this.figures);
    show(this.root, false);
  }

  /** Shows `tile` of `record` with its nearest training images; hidden when either is missing. */
  show(record: ShownSamples | null, tile: number | null): void {
    const content = record && tile !== null ? this.content(record, tile) : null;
    show(this.root, content !== null);
    if (!content) {
      this.drawn = '';
      return;
    }
    const width = this.root.clientWidth;
    const key = `${record!.step}:${tile}:${width}`;
    if (key === this.drawn && this.figures.childElementCount > 0) return;
    this.drawn = key;
    const { shape, fixed, nearest, origin, distances, rowClass } = content;
    const tiles = gridTiles(fixed.width, fixed.height, shape);
    const row = Math.floor(tile! / tiles.columns);
    const column = tile! % tiles.columns;
    setText(
      this.heading,
      `Generated tile ${tile! + 1} (row ${row + 1}, column ${column + 1}${rowClass !== undefined ? `, class ${rowClass}` : ''}) ` +
        `and its ${distances.length} nearest training images (classifier features)`,
    );
    const count = distances.length + 1;
    const scale = Math.max(1, Math.min(MAX_SCALE, Math.floor((width - count * FIGURE_ROOM) / (count * shape.width))));
    const rowTop = tile! * (shape.height + GRID_GUTTER);
    setChildren(
      this.figures,
      figure(fixed, origin.x, origin.y, shape, scale, 'generated', 'gw-nearest-generated'),
      ...distances.map((d, j) =>
        figure(nearest, j * (shape.width + GRID_GUTTER), rowTop, shape, scale, `d = ${formatValue(d)}`, 'gw-nearest-training'),
      ),
    );
  }

  /** What the panel needs of the record, or null when the record cannot show this tile's neighbours. */
  private content(record: ShownSamples, tile: number) {
    const images = record.images;
    const fixed = decodedGrid(record.grids?.fixed);
    const nearest = decodedGrid(record.grids?.nearest);
    if (!images || !fixed || !nearest || !isNearestImages(images.nearest)) return null;
    const { shape } = images;
    const distances = images.nearest.distances[tile];
    const tiles = gridTiles(fixed.width, fixed.height, shape);
    const rowBottom = tile * (shape.height + GRID_GUTTER) + shape.height;
    const needed = distances ? distances.length * (shape.width + GRID_GUTTER) - GRID_GUTTER : 0;
    if (!distances || tile >= tiles.columns * tiles.rows || nearest.height < rowBottom || nearest.width < needed) return null;
    const rowClasses = isRowClasses(images.rowClasses) ? images.rowClasses : [];
    return {
      shape,
      fixed,
      nearest,
      distances,
      origin: tileOrigin(tile, shape, tiles.columns),
      rowClass: rowClasses[Math.floor(tile / tiles.columns)],
    };
  }
}

/** One tile cut from `source` at (x, y), drawn `scale` times larger with nearest neighbour, with a caption. */
function figure(
  source: HTMLCanvasElement,
  x: number,
  y: number,
  shape: { width: number; height: number },
  scale: number,
  caption: string,
  kind: string,
): HTMLElement {
  const dpr = window.devicePixelRatio || 1;
  const canvas = h('canvas', { class: 'gw-nearest-tile', role: 'img', 'aria-label': caption });
  canvas.width = Math.round(shape.width * scale * dpr);
  canvas.height = Math.round(shape.height * scale * dpr);
  canvas.style.width = `${shape.width * scale}px`;
  canvas.style.height = `${shape.height * scale}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, x, y, shape.width, shape.height, 0, 0, canvas.width, canvas.height);
  return h('figure', { class: kind }, canvas, h('figcaption', {}, caption));
}
