/**
 * Every `images` samples record arrives with the real grid's pixels, and that grid does not change
 * during a run: records keep one shared copy, so cached records and GIF frames hold only their own
 * generated grid (and the real grid is decoded once).
 */
import type { GridPixels, ShownSamples } from '../../../src/shared/protocol';

export class RealGridInterner {
  private real: GridPixels | null = null;

  /** Points `record`'s real grid at the copy already held when the pixels are the same. */
  intern(record: ShownSamples | null): void {
    const grids = record?.grids;
    const real = grids?.real;
    if (!grids || !real) return;
    const held = this.real;
    if (held && held.width === real.width && held.height === real.height && held.channels === real.channels && held.data === real.data)
      grids.real = held;
    else this.real = real;
  }
}
