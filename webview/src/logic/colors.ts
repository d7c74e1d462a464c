/** CSS colour parsing and mixing (theme colours come from `--vscode-*` variables as hex or rgb()). */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** Parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` and `rgba(…)`; null for anything else. */
export function parseColor(text: string): Rgba | null {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    const h = hex[1]!;
    if (h.length === 3 || h.length === 4) {
      const [r, g, b, a] = [...h].map((c) => parseInt(c + c, 16));
      return { r: r!, g: g!, b: b!, a: a === undefined ? 1 : a / 255 };
    }
    if (h.length === 6 || h.length === 8) {
      const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
      return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
    }
    return null;
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn) {
    const parts = fn[1]!.split(/[\s,/]+/).filter((p) => p !== '');
    if (parts.length < 3 || parts.length > 4) return null;
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
    const [r, g, b] = parts.slice(0, 3).map(channel);
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    if ([r, g, b, alpha].some((v) => !Number.isFinite(v))) return null;
    return { r: clamp255(r!), g: clamp255(g!), b: clamp255(b!), a: Math.min(1, Math.max(0, alpha)) };
  }
  return null;
}

const clamp255 = (v: number) => Math.min(255, Math.max(0, Math.round(v)));

/** `rgba(…)` text with the given alpha (multiplied with the colour's own alpha). */
export function withAlpha(color: Rgba, alpha: number): string {
  return `rgba(${color.r}, ${color.g}, ${color.b}, ${round3(color.a * alpha)})`;
}

export function toCss(color: Rgba): string {
  return withAlpha(color, 1);
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Linear mix: t = 0 gives `a`, t = 1 gives `b` (alpha mixed too). */
export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const u = Math.min(1, Math.max(0, t));
  return {
    r: Math.round(a.r + (b.r - a.r) * u),
    g: Math.round(a.g + (b.g - a.g) * u),
    b: Math.round(a.b + (b.b - a.b) * u),
    a: a.a + (b.a - a.a) * u,
  };
}

/** Composites a (possibly translucent) colour over an opaque background. */
export function flatten(color: Rgba, background: Rgba): Rgba {
  return { ...mix(background, { ...color, a: 1 }, color.a), a: 1 };
}

/** Relative luminance (WCAG), 0 for black to 1 for white. */
export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}
