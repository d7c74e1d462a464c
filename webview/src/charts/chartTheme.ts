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
