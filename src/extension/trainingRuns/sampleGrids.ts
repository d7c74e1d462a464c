/**
 * The PNG grids of `images` samples records, read and decoded for the views (which cannot read the
 * run directory): only the grids of the record shown, so a long run costs one PNG per message
 * (two where the record has nearest training images and the view shows them).
 * The record comes from disk or the trainer, so its paths and shape are checked first, and each PNG
 * is read through boundedPng (its header checked before anything is decoded): a path outside
 * `samples/`, a file beyond the bounds or a PNG of the wrong size is not shown, and the grids say
 * why (`problems`, one sentence naming the file). Pure Node (no `vscode`).
 */
import { join } from 'node:path';
import { readBoundedPng, type PngHeader } from './boundedPng';
import { MAX_GRID_SIDE, type GridPixels, type SampleGrids, type ShownSamples } from '../../shared/protocol';
import type { ImageSamples, SampleRecord } from '../../shared/runFormat';
import { isNearestImages } from '../../shared/runFormatGuards';

/** What an `images` record may name: a PNG directly in samples/. */
const GRID_PATH = /^samples\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.png$/;

const isSide = (n: unknown, max: number) => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= max;

/** Whether a record's `images` field is well formed (paths inside samples/, sizes in range). */
export function isImageSamples(v: unknown): v is ImageSamples {
  if (typeof v !== 'object' || v === null) return false;
  const i = v as Record<string, unknown>;
  const shape = i.shape as Record<string, unknown> | null | undefined;
  return (
    typeof shape === 'object' &&
    shape !== null &&
    isSide(shape.height, MAX_GRID_SIDE) &&
    isSide(shape.width, MAX_GRID_SIDE) &&
    (shape.channels === 1 || shape.channels === 3) &&
    isSide(i.columns, MAX_GRID_SIDE) &&
    typeof i.fixedPng === 'string' &&
    GRID_PATH.test(i.fixedPng) &&
    typeof i.realPng === 'string' &&
    GRID_PATH.test(i.realPng)
  );
}

/** A decoded PNG as GridPixels with `channels` colour values per pixel (then alpha). */
export function toGridPixels(png: { width: number; height: number; data: Uint8Array }, channels: 1 | 3): GridPixels {
  const { width, height, data } = png;
  const bpp = channels + 1;
  const out = Buffer.alloc(width * height * bpp);
  for (let p = 0, q = 0; p < width * height; p++, q += bpp) {
    const rgba = p * 4;
    out[q] = data[rgba]!;
    if (channels === 3) {
      out[q + 1] = data[rgba + 1]!;
      out[q + 2] = data[rgba + 2]!;
    }
    out[q + channels] = data[rgba + 3]!;
  }
  return { width, height, channels, data: out.toString('base64') };
}

/** One grid read: its pixels, or null and why (a sentence naming the file). */
export type GridRead = { pixels: GridPixels; problem?: undefined } | { pixels: null; problem: string };

/** Why a PNG of this header is not a grid of `images`' tiles, or undefined. */
function gridSizeProblem(header: PngHeader, images: ImageSamples): string | undefined {
  const { shape, columns } = images;
  // Whole tiles across (gutters between them), at most `columns`; any number of rows.
  const across = Array.from({ length: columns }, (_, i) => (i + 1) * shape.width + i).includes(header.width);
  if (across && header.height >= shape.height && header.height <= MAX_GRID_SIDE) return undefined;
  return `is ${header.width} × ${header.height} pixels, not a grid of ${shape.width} × ${shape.height} tiles at most ${columns} across`;
}

/**
 * Reads one grid, its header checked (bounds, then the size `images` implies) before it is decoded;
 * null pixels and why when it is missing, refused or not a grid.
 */
export async function readGridChecked(runDir: string, relativePath: string, images: ImageSamples): Promise<GridRead> {
  if (!GRID_PATH.test(relativePath))
    return { pixels: null, problem: `The samples record names ${JSON.stringify(relativePath)}, which is not a PNG directly in samples/.` };
  const read = await readBoundedPng(join(runDir, ...relativePath.split('/')), relativePath, {
    accept: (header) => gridSizeProblem(header, images),
  });
  return read.ok ? { pixels: toGridPixels(read.png, images.shape.channels) } : { pixels: null, problem: read.problem };
}

/** Reads one grid; null when it is missing, refused, not a PNG, or not the size `images` implies. */
export async function readGrid(runDir: string, relativePath: string, images: ImageSamples): Promise<GridPixels | null> {
  return (await readGridChecked(runDir, relativePath, images)).pixels;
}

/**
 * Reads the grids of an `images` record (other records are returned as they are). The real grid is
 * written once per run, so it is read once per `GridReader` (one per view of a run). The nearest
 * training images (`images.nearest`, one row of `count` tiles per fixed tile) are read only when
 * `withNearest`: the view that shows them asks for them.
 */
export class GridReader {
  private real: { path: string; pixels: GridPixels } | undefined;

  constructor(
    readonly runDir: string,
    private readonly withNearest = true,
  ) {}

  async withGrids(record: SampleRecord): Promise<ShownSamples> {
    if (record.layout !== 'images') return record;
    const images = record.images;
    if (!isImageSamples(images)) return { ...record, grids: { fixed: null, real: null } };
    const nearest = this.withNearest && isNearestImages(images.nearest) ? images.nearest : undefined;
    const [fixed, real, nearestRead] = await Promise.all([
      readGridChecked(this.runDir, images.fixedPng, images),
      this.readReal(images),
      nearest && readGridChecked(this.runDir, nearest.png, { ...images, columns: nearest.count }),
    ]);
    const problems: NonNullable<SampleGrids['problems']> = {
      ...(fixed.problem && { fixed: fixed.problem }),
      ...(real.problem && { real: real.problem }),
      ...(nearestRead?.problem && { nearest: nearestRead.problem }),
    };
    return {
      ...record,
      grids: {
        fixed: fixed.pixels,
        real: real.pixels,
        ...(nearest && { nearest: nearestRead?.pixels ?? null }),
        ...(Object.keys(problems).length > 0 && { problems }),
      },
    };
  }

  private async readReal(images: ImageSamples): Promise<GridRead> {
    if (this.real?.path === images.realPng) return { pixels: this.real.pixels };
    const read = await readGridChecked(this.runDir, images.realPng, images);
    if (read.pixels) this.real = { path: images.realPng, pixels: read.pixels };
    return read;
  }
}
