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
}

export interface LegendEntry {
  label: string;
  /** CSS colours: one for a swatch, several for a colour bar. */
  colors: string[];
  style: 'dot' | 'line' | 'dashed' | 'band' | 'bar';
}
