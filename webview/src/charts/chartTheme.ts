/** The Chart.js colours and font every chart takes from the editor theme: axes, grid and tooltips. */
import { withAlpha } from '../logic/colors';
import type { Theme } from '../ui/theme';

export function axisTheme(theme: Theme): { muted: string; grid: string; font: { family: string; size: number } } {
  return {
    muted: withAlpha(theme.muted, 1),
    grid: withAlpha(theme.grid, 0.7),
    font: { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) },
  };
}

export function tooltipTheme(theme: Theme) {
  return {
    backgroundColor: withAlpha(theme.tooltipBackground, 1),
    titleColor: withAlpha(theme.tooltipForeground, 1),
    bodyColor: withAlpha(theme.tooltipForeground, 1),
    borderColor: withAlpha(theme.tooltipBorder, 1),
    borderWidth: 1,
  };
}

/** What every chart of pre-parsed {x, y} points shares: drawn at once (no animation), sized by its card. */
export const POINT_CHART = { animation: false, parsing: false, responsive: true, maintainAspectRatio: false } as const;

/** A linear axis in the theme's colours, titled; `extra` adds or overrides options (min, max, position, …). */
export function linearAxis<T extends object>(theme: Theme, title: string, extra?: T) {
  const { muted, grid, font } = axisTheme(theme);
  return {
    type: 'linear' as const,
    title: { display: true, text: title, color: muted, font },
    ticks: { color: muted, font, maxRotation: 0 },
    grid: { color: grid },
    border: { color: grid },
    ...extra,
  };
}

/** The y axis of the D histograms: each bin's share of its batch, from 0. */
export const shareOfBatchAxis = (theme: Theme) => linearAxis(theme, 'share of batch', { beginAtZero: true });
