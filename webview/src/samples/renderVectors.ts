/**
 * vectors: the first rows of the real and the fixed-z generated batch as heat cells (one column
 * per dimension, numbered from 1; colour diverging around 0 on a shared scale), with values
 * written in the cells when they fit.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { diverging } from '../logic/colorMap';
import { luminance, mix, toCss, withAlpha, type Rgba } from '../logic/colors';
import { formatValue } from '../logic/format';
import { font, sizeCanvas } from './canvas';
import type { LegendEntry, RenderOptions } from './types';

const MAX_COLUMNS = 32;

export function renderVectors(canvas: HTMLCanvasElement, record: SampleRecord, o: RenderOptions): LegendEntry[] {
  const { theme } = o;
  const rows = o.compact ? 8 : 12;
  const dims = Math.min(MAX_COLUMNS, record.fixed[0]?.length ?? record.real[0]?.length ?? 0);
  const blocks = [
    { title: 'real', data: record.real.slice(0, rows) },
    { title: 'generated (fixed z)', data: record.fixed.slice(0, rows) },
  ];
  const labelWidth = 28;
  const sideBySide = o.width >= 2 * (labelWidth + dims * 14) + 24;
  const blockWidth = sideBySide ? (o.width - 24) / 2 : o.width;
  const cell = Math.max(6, Math.min(44, Math.floor((blockWidth - labelWidth) / Math.max(1, dims))));
  const cellH = Math.min(20, Math.max(12, cell * 0.5));
  const header = 32;
  const blockHeight = header + rows * cellH;
  const height = sideBySide ? blockHeight + 4 : blockHeight * 2 + 14;
  const ctx = sizeCanvas(canvas, o.width, height, o.pixelRatio);
  let maxAbs = 1e-9;
  for (const b of blocks)
    for (const row of b.data) for (const v of row.slice(0, dims)) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  const colors = { low: mix(theme.background, theme.fake, 0.85), mid: theme.background, high: mix(theme.background, theme.real, 0.85) };
  ctx.font = font(theme, -3);
  ctx.textBaseline = 'middle';
  blocks.forEach((b, bi) => {
    const x0 = sideBySide ? bi * (blockWidth + 24) : 0;
    const y0 = sideBySide ? 0 : bi * (blockHeight + 14);
    ctx.fillStyle = toCss(theme.foreground);
    ctx.textAlign = 'left';
    const total = bi === 0 ? record.real.length : record.fixed.length;
    ctx.fillText(o.compact ? b.title : `${b.title} — first ${b.data.length} of ${total}`, x0, y0 + 8);
    ctx.fillStyle = withAlpha(theme.muted, 1);
    ctx.textAlign = 'center';
    if (cell >= 14) for (let c = 0; c < dims; c++) ctx.fillText(String(c + 1), x0 + labelWidth + c * cell + cell / 2, y0 + header - 8);
    b.data.forEach((row, r) => {
      const y = y0 + header + r * cellH;
      ctx.fillStyle = withAlpha(theme.muted, 1);
      ctx.textAlign = 'right';
      ctx.fillText(String(r + 1), x0 + labelWidth - 6, y + cellH / 2);
      for (let c = 0; c < dims; c++) {
        const v = row[c] ?? NaN;
        const color = diverging(v / maxAbs, colors);
        ctx.fillStyle = toCss(color);
        ctx.fillRect(x0 + labelWidth + c * cell, y, cell - 1, cellH - 1);
        if (cell >= 38) {
          ctx.fillStyle = textOn(color, theme.foreground, theme.background);
          ctx.textAlign = 'center';
          ctx.fillText(formatValue(Math.round(v * 100) / 100), x0 + labelWidth + c * cell + cell / 2, y + cellH / 2);
        }
      }
    });
  });
  const more = (record.fixed[0]?.length ?? 0) > MAX_COLUMNS ? ` (first ${MAX_COLUMNS} of ${record.fixed[0]!.length} dimensions)` : '';
  return [
    {
      label: `value: −${formatValue(maxAbs)} · 0 · +${formatValue(maxAbs)}${more}${o.compact ? `; first ${rows} rows` : ''}`,
      colors: [toCss(colors.low), toCss(colors.mid), toCss(colors.high)],
      style: 'bar',
    },
  ];
}

function textOn(cell: Rgba, foreground: Rgba, background: Rgba): string {
  const l = luminance(cell);
  return Math.abs(l - luminance(foreground)) > Math.abs(l - luminance(background)) ? toCss(foreground) : toCss(background);
}
