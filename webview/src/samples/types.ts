/** What the sample renderers share: inputs and the legend they describe. */
import type { Experiment } from '../../../src/shared/experiment/schema';
import type { Theme } from '../ui/theme';

export interface RenderOptions {
  theme: Theme;
  config: Experiment | null;
  showGradients: boolean;
  /** CSS pixels available. */
  width: number;
  /** Compact (side view): smaller plot, fewer labels. */
  compact: boolean;
  /** Backing pixels per CSS pixel (default: the device's; 1 for GIF frames). */
  pixelRatio?: number;
  /**
   * images: the generated tile selected for its nearest training images (null: none yet). Left out
   * where the view offers no selection (the side view, GIF frames).
   */
  selectedTile?: number | null;
}

export interface LegendEntry {
  label: string;
  /** CSS colours: one for a swatch, several for a colour bar. */
  colors: string[];
  style: 'dot' | 'line' | 'dashed' | 'band' | 'bar';
}
