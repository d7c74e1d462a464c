/**
 * Colours and fonts of the current VS Code theme, read from the `--vscode-*` CSS variables the
 * webview host sets, with roles for the views (real data, fakes, D loss, G loss, …). Re-read when
 * the theme changes (VS Code swaps the body class and the variables).
 */
import { flatten, parseColor, type Rgba } from '../logic/colors';
import type { ColorRole } from '../logic/lossSeries';
import { pointPalette, type PointPalette } from '../logic/pointPalette';

export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: Rgba;
  muted: Rgba;
  background: Rgba;
  border: Rgba;
  grid: Rgba;
  real: Rgba;
  fake: Rgba;
  dLoss: Rgba;
  gLoss: Rgba;
  other: Rgba[];
  /** One hue per compared run (overlays), distinct from the series hues above. */
  compare: Rgba[];
  reference: Rgba;
  hyperparameters: Rgba;
  warning: Rgba;
  error: Rgba;
  tooltipBackground: Rgba;
  tooltipForeground: Rgba;
  tooltipBorder: Rgba;
  /** Sample points over D's heat map and the MCMC plots: colours kept apart by contrast (pointPalette.ts). */
  points: PointPalette;
  fontFamily: string;
  fontSize: number;
  monoFamily: string;
}

/** Overlay hues: teal, pink, brown, olive, cyan, grey (VS Code has no chart variables beyond six). */
export const COMPARE_DARK = ['#4ec9b0', '#f08cc8', '#d2a679', '#c5d86d', '#6cd3f0', '#b0b0b0'];
export const COMPARE_LIGHT = ['#00897b', '#c2185b', '#8d5b3a', '#6b7a00', '#0086a3', '#5f5f5f'];

const FALLBACK_DARK = { foreground: '#cccccc', background: '#1e1e1e' };
const FALLBACK_LIGHT = { foreground: '#3b3b3b', background: '#ffffff' };

function themeKind(): Theme['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

/**
 * Reads the theme. `backgroundVar` is the variable of the surface the view sits on
 * (`--vscode-editor-background` for a panel, `--vscode-sideBar-background` for a side view).
 */
export function readTheme(backgroundVar = '--vscode-editor-background'): Theme {
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const fallback = light ? FALLBACK_LIGHT : FALLBACK_DARK;
  const styles = getComputedStyle(document.documentElement);
  const bodyStyles = getComputedStyle(document.body);
  const raw = (name: string) => styles.getPropertyValue(name).trim() || bodyStyles.getPropertyValue(name).trim();
  const color = (fallbackText: string, ...names: string[]): Rgba => {
    for (const n of names) {
      const parsed = parseColor(raw(n));
      if (parsed && parsed.a > 0) return parsed;
    }
    return parseColor(fallbackText)!;
  };
  const foreground = color(fallback.foreground, '--vscode-foreground', '--vscode-editor-foreground');
  const background = color(fallback.background, backgroundVar, '--vscode-editor-background', '--vscode-sideBar-background');
  const blue = color(light ? '#1a85ff' : '#3794ff', '--vscode-charts-blue');
  const orange = color(light ? '#d18616' : '#d18616', '--vscode-charts-orange');
  const red = color(light ? '#e51400' : '#f14c4c', '--vscode-charts-red');
  const green = color(light ? '#388a34' : '#89d185', '--vscode-charts-green');
  const purple = color(light ? '#652d90' : '#b180d7', '--vscode-charts-purple');
  const yellow = color(light ? '#bf8803' : '#cca700', '--vscode-charts-yellow');
  const fontSize = parseFloat(raw('--vscode-font-size')) || 13;
  return {
    kind,
    foreground,
    muted: color(light ? '#717171' : '#9d9d9d', '--vscode-descriptionForeground'),
    background,
    border: color(light ? '#e5e5e5' : '#454545', '--vscode-contrastBorder', '--vscode-panel-border', '--vscode-widget-border'),
    grid: color(light ? '#e5e5e5' : '#3c3c3c', '--vscode-charts-lines'),
    real: blue,
    fake: orange,
    dLoss: purple,
    gLoss: green,
    other: [yellow, red, green, purple, blue],
    compare: (light ? COMPARE_LIGHT : COMPARE_DARK).map((c) => parseColor(c)!),
    reference: color(light ? '#717171' : '#9d9d9d', '--vscode-descriptionForeground'),
    hyperparameters: color(light ? '#1a85ff' : '#3794ff', '--vscode-textLink-foreground', '--vscode-charts-blue'),
    warning: color(light ? '#bf8803' : '#cca700', '--vscode-editorWarning-foreground', '--vscode-charts-yellow'),
    error: color(light ? '#e51400' : '#f14c4c', '--vscode-errorForeground', '--vscode-charts-red'),
    tooltipBackground: color(light ? '#f8f8f8' : '#252526', '--vscode-editorHoverWidget-background', '--vscode-editorWidget-background'),
    tooltipForeground: color(fallback.foreground, '--vscode-editorHoverWidget-foreground', '--vscode-foreground'),
    tooltipBorder: color(
      light ? '#c8c8c8' : '#454545',
      '--vscode-contrastBorder',
      '--vscode-editorHoverWidget-border',
      '--vscode-widget-border',
    ),
    // A translucent background is drawn over the editor's: the palette is built against what shows.
    points: pointPalette({
      background: flatten(background, parseColor(fallback.background)!),
      real: blue,
      fake: orange,
      heatFake: purple,
      heatReal: green,
    }),
    fontFamily: raw('--vscode-font-family') || 'system-ui, sans-serif',
    fontSize,
    monoFamily: raw('--vscode-editor-font-family') || 'monospace',
  };
}

/** The colour of a series role; `other` cycles through the remaining chart colours. */
export function roleColor(theme: Theme, role: ColorRole, index: number): Rgba {
  if (role === 'other') return theme.other[index % theme.other.length]!;
  return theme[role];
}

/** Calls `onChange` when VS Code switches theme (body class or the variables on <html> change). */
export function watchTheme(onChange: () => void): void {
  let scheduled = false;
  const fire = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
