/**
 * Crisp canvas drawing: a canvas sized in CSS pixels with a backing store scaled by
 * devicePixelRatio, a plot frame mapping data to pixels, and axes with round ticks.
 */
import { withAlpha } from '../logic/colors';
import { formatValue } from '../logic/format';
import { niceTicks, type Range } from '../logic/plotScale';
import type { Theme } from '../ui/theme';

/**
 * Sizes the canvas to cssWidth × cssHeight CSS pixels at the device's pixel ratio (or the one
 * given: 1 for an export of a fixed size); the context draws in CSS pixels.
 */
export function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number, pixelRatio?: number): CanvasRenderingContext2D {
  const dpr = pixelRatio ?? (window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const hgt = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== hgt) canvas.height = hgt;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Margin {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plot area of a width × height box less its margins. */
export function insideMargins(width: number, height: number, margin: Margin): Area {
  return { left: margin.left, top: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
}

/** Maps data coordinates into an area (y up). */
export class Frame {
  constructor(
    readonly area: Area,
    readonly x: Range,
    readonly y: Range,
  ) {}

  px(v: number): number {
    return this.area.left + ((v - this.x.min) / (this.x.max - this.x.min)) * this.area.width;
  }

  py(v: number): number {
    return this.area.top + this.area.height - ((v - this.y.min) / (this.y.max - this.y.min)) * this.area.height;
  }

  clip(ctx: CanvasRenderingContext2D): void {
    ctx.beginPath();
    ctx.rect(this.area.left, this.area.top, this.area.width, this.area.height);
    ctx.clip();
  }
}

export function font(theme: Theme, delta = -2): string {
  return `${Math.max(10, theme.fontSize + delta)}px ${theme.fontFamily}`;
}

/**
 * Draws `text` centred on (cx, cy) in lines of at most `maxWidth` px, broken at spaces (a longer
 * word is squeezed), at most `maxLines` of them (the last ends with … when text is left over): a
 * sentence in place of something that could not be drawn.
 */
export function fillWrappedText(
  ctx: CanvasRenderingContext2D,
  text: string,
  cx: number,
  cy: number,
  maxWidth: number,
  lineHeight: number,
  maxLines: number,
): void {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const longer = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(longer).width > maxWidth) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line) lines.push(line);
  const kept = Math.max(1, maxLines);
  if (lines.length > kept) {
    lines.length = kept;
    lines[kept - 1] = `${lines[kept - 1]} …`;
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const top = cy - ((lines.length - 1) * lineHeight) / 2;
  lines.forEach((l, i) => ctx.fillText(l, cx, top + i * lineHeight, maxWidth));
}

export interface AxisOptions {
  xLabel?: string;
  yLabel?: string;
  /** A second y axis on the right (e.g. D's probability). */
  y2?: { range: Range; label: string; color: string };
  xTickCount?: number;
  yTickCount?: number;
}

/** Grid lines, frame, tick labels and axis titles. */
export function drawAxes(ctx: CanvasRenderingContext2D, frame: Frame, theme: Theme, options: AxisOptions = {}): void {
  const { area } = frame;
  const grid = withAlpha(theme.grid, 0.8);
  const muted = withAlpha(theme.muted, 1);
  ctx.save();
  ctx.font = font(theme);
  ctx.lineWidth = 1;
  ctx.fillStyle = muted;
  const xTicks = niceTicks(frame.x.min, frame.x.max, options.xTickCount ?? Math.max(2, Math.floor(area.width / 80)));
  const yTicks = niceTicks(frame.y.min, frame.y.max, options.yTickCount ?? Math.max(2, Math.floor(area.height / 50)));
  ctx.strokeStyle = grid;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xTicks) {
    const x = Math.round(frame.px(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, area.top + area.height);
    ctx.lineTo(x, area.top + area.height + 4);
    ctx.stroke();
    ctx.fillText(formatValue(t), x, area.top + area.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const y = Math.round(frame.py(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(area.left - 4, y);
    ctx.lineTo(area.left, y);
    ctx.stroke();
    ctx.fillText(formatValue(t), area.left - 6, y);
  }
  ctx.strokeRect(Math.round(area.left) + 0.5, Math.round(area.top) + 0.5, Math.round(area.width), Math.round(area.height));
  if (options.y2) {
    const y2 = options.y2;
    ctx.textAlign = 'left';
    ctx.fillStyle = y2.color;
    for (const t of niceTicks(y2.range.min, y2.range.max, 4)) {
      const y = area.top + area.height - ((t - y2.range.min) / (y2.range.max - y2.range.min)) * area.height;
      ctx.fillText(formatValue(t), area.left + area.width + 6, y);
    }
    ctx.save();
    ctx.translate(area.left + area.width + 36, area.top + area.height / 2);
    ctx.rotate(Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(y2.label, 0, 0);
    ctx.restore();
  }
  ctx.fillStyle = muted;
  if (options.xLabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(options.xLabel, area.left + area.width / 2, area.top + area.height + 34);
  }
  if (options.yLabel) {
    ctx.save();
    ctx.translate(area.left - 40, area.top + area.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(options.yLabel, 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

/** Fills a circle. */
export function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, Math.PI * 2);
}
