/**
 * Colour maps for the views: a diverging map around a centre value (D's heatmap: fake hue below
 * 0.5, background at 0.5, real hue above), a sequential ramp (densities) and the heat strip's
 * two-channel blend.
 */
import { mix, type Rgba } from './colors';

export interface DivergingColors {
  /** Colour at the low end (D → 0: "fake"). */
  low: Rgba;
  /** Colour at the centre (D = 0.5: undecided), normally the background. */
  mid: Rgba;
  /** Colour at the high end (D → 1: "real"). */
  high: Rgba;
}

/** Maps t in [−1, 1] (clamped; NaN → centre) onto low … mid … high. */
export function diverging(t: number, colors: DivergingColors): Rgba {
  if (!Number.isFinite(t) || t === 0) return colors.mid;
  return t > 0 ? mix(colors.mid, colors.high, Math.min(1, t)) : mix(colors.mid, colors.low, Math.min(1, -t));
}

/** The diverging parameter of a value: probabilities around 0.5, raw scores around 0 scaled by `halfRange`. */
export function divergingParameter(value: number, scale: 'probability' | 'score', halfRange = 1): number {
  if (scale === 'probability') return (value - 0.5) * 2;
  return halfRange > 0 ? value / halfRange : 0;
}

/** Maps t in [0, 1] (clamped; NaN → the first stop) along evenly spaced colour stops. */
export function sequential(t: number, stops: readonly Rgba[]): Rgba {
  const last = stops.length - 1;
  if (last <= 0) return stops[0] ?? { r: 0, g: 0, b: 0, a: 0 };
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) * last : 0;
  const i = Math.min(last - 1, Math.floor(u));
  return mix(stops[i]!, stops[i + 1]!, u - i);
}

/**
 * Two intensities (0..1) blended onto a background: each moves the colour towards its hue by its
 * intensity, so real-only, fake-only and overlap (both) are told apart on dark and light themes.
 */
export function blendTwo(background: Rgba, realColor: Rgba, real: number, fakeColor: Rgba, fake: number): Rgba {
  const r = clamp01(real);
  const f = clamp01(fake);
  const channel = (k: 'r' | 'g' | 'b') =>
    Math.round(Math.min(255, Math.max(0, background[k] + (realColor[k] - background[k]) * r + (fakeColor[k] - background[k]) * f)));
  return { r: channel('r'), g: channel('g'), b: channel('b'), a: 1 };
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
