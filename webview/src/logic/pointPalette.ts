/**
 * The colours of sample points drawn over D's heat map (points2d) and over the plain background
 * (the MCMC before/after plots), chosen per theme so that every pair stays apart by WCAG's
 * relative-luminance contrast ratio: generated vs the heat map, real vs the heat map, real vs
 * generated, and each against the background, all at least GRAPHICAL_CONTRAST (3:1, WCAG 2.1
 * SC 1.4.11 for graphical objects). The hues stay the editor's: real data blue, generated orange,
 * and the heat map runs purple (D says fake) … background … green (D says real), hues the points
 * do not have. Luminance is layered away from the background: heat map tints close to it, then
 * one point set at mid luminance and the other at the far end — on a dark theme real blue, then a
 * pale orange for the generated points; on a light theme the generated orange, then a deep navy
 * for the real points.
 */
import { luminance, mix, type Rgba } from './colors';

/** The contrast every pair keeps (WCAG 2.1 SC 1.4.11, non-text contrast of graphical objects). */
export const GRAPHICAL_CONTRAST = 3;
/** The ratio the colours are built for: above GRAPHICAL_CONTRAST, so rounding to 8-bit channels keeps it. */
const TARGET = 3.15;
/** How far the heat map's ends go from the background, as a share of the room the points leave (dark, light). */
const HEAT_SHARE = { dark: 0.4, light: 0.6 };

export interface PointPalette {
  background: Rgba;
  real: Rgba;
  generated: Rgba;
  /** The heat map's ends: D says fake (low), D says real (high); its middle is the background. */
  heatFake: Rgba;
  heatReal: Rgba;
}

/** The hues a palette starts from (the theme's chart colours). */
export interface PaletteHues {
  background: Rgba;
  real: Rgba;
  fake: Rgba;
  /** The heat map's hue where D says fake. */
  heatFake: Rgba;
  /** The heat map's hue where D says real. */
  heatReal: Rgba;
}

/** WCAG contrast ratio of two opaque colours: 1 (same luminance) … 21 (black on white). */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The luminance `ratio` times further from the background than `from` (towards white on a dark background, black on a light one). */
const beyond = (from: number, ratio: number, dark: boolean) => (dark ? ratio * (from + 0.05) - 0.05 : (from + 0.05) / ratio - 0.05);

export function pointPalette(hues: PaletteHues): PointPalette {
  const background = { ...hues.background, a: 1 };
  const lb = luminance(background);
  const dark = lb < 0.4;
  // The heat map's ends as far from the background as the points leave room for: two steps of TARGET beyond them.
  const limit = dark ? beyond(beyond(1, TARGET, false), TARGET, false) : beyond(beyond(0, TARGET, true), TARGET, true);
  const roomy = dark ? limit > lb : limit < lb;
  const lh = roomy ? lb + HEAT_SHARE[dark ? 'dark' : 'light'] * (limit - lb) : lb;
  // On a dark background pure hues tint more visibly at the same luminance than the theme's pastel
  // ones; on a light one they glare (a pale pure green is neon), so the theme's hues are used.
  const heatHue = (c: Rgba) => (dark ? pureHue(c) : c);
  const heatFake = tintTo(background, heatHue(hues.heatFake), lh);
  const heatReal = tintTo(background, heatHue(hues.heatReal), lh);
  // The point set at mid luminance keeps its hue best there: blue on a dark theme, orange on a light
  // one; the other goes to the far end (a pale orange on dark, a deep navy on light).
  const mid = clamp01(beyond(dark ? Math.max(lh, lb) : Math.min(lh, lb), TARGET, dark));
  const midPoints = withLuminance(dark ? hues.real : hues.fake, mid);
  const farPoints = withLuminance(dark ? hues.fake : hues.real, clamp01(beyond(luminance(midPoints), TARGET, dark)));
  const real = dark ? midPoints : farPoints;
  const generated = dark ? farPoints : midPoints;
  return { background, real, generated, heatFake, heatReal };
}

/** The pairs the palette keeps apart, with their contrast ratios (the heat map by its two ends: the ramp lies between them and the background). */
export function paletteContrasts(p: PointPalette): { pair: string; ratio: number }[] {
  return [
    ['generated vs heat map (fake end)', p.generated, p.heatFake],
    ['generated vs heat map (real end)', p.generated, p.heatReal],
    ['real vs heat map (fake end)', p.real, p.heatFake],
    ['real vs heat map (real end)', p.real, p.heatReal],
    ['real vs generated', p.real, p.generated],
    ['generated vs background', p.generated, p.background],
    ['real vs background', p.real, p.background],
  ].map(([pair, a, b]) => ({ pair: pair as string, ratio: contrastRatio(a as Rgba, b as Rgba) }));
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The colour's hue at full saturation and half lightness (HSL). */
export function pureHue(c: Rgba): Rgba {
  const max = Math.max(c.r, c.g, c.b);
  const min = Math.min(c.r, c.g, c.b);
  if (max === min) return { r: c.r, g: c.g, b: c.b, a: 1 };
  const span = max - min;
  const h = max === c.r ? ((c.g - c.b) / span + 6) % 6 : max === c.g ? (c.b - c.r) / span + 2 : (c.r - c.g) / span + 4;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b] = [
    [1, x, 0],
    [x, 1, 0],
    [0, 1, x],
    [0, x, 1],
    [x, 0, 1],
    [1, 0, x],
  ][Math.floor(h) % 6]!;
  return { r: Math.round(r! * 255), g: Math.round(g! * 255), b: Math.round(b! * 255), a: 1 };
}

/** `color` mixed towards white or black until its luminance is `target` (hue kept, 8-bit channels). */
export function withLuminance(color: Rgba, target: number): Rgba {
  const opaque = { ...color, a: 1 };
  const toward = luminance(opaque) < target ? { r: 255, g: 255, b: 255, a: 1 } : { r: 0, g: 0, b: 0, a: 1 };
  return search(opaque, toward, target);
}

/** The background mixed towards `hue` until its luminance is `target` (or all the way, when the hue does not get there). */
function tintTo(background: Rgba, hue: Rgba, target: number): Rgba {
  return search(background, { ...hue, a: 1 }, target);
}

/** The mix of `from` towards `to` whose luminance is nearest `target` (luminance is monotonic along the mix). */
function search(from: Rgba, to: Rgba, target: number): Rgba {
  const lf = luminance(from);
  const lt = luminance(to);
  if ((target - lf) * (target - lt) > 0) return Math.abs(target - lf) < Math.abs(target - lt) ? from : to;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const t = (lo + hi) / 2;
    const l = luminance(mix(from, to, t));
    if (lt > lf ? l < target : l > target) lo = t;
    else hi = t;
  }
  // Round towards `to`, so the contrast built for is kept after rounding.
  return mix(from, to, hi);
}
