/**
 * A chart canvas as a PNG: the theme's background filled behind it (charts draw on a transparent
 * canvas), with a caption line above naming the run and the chart, at the canvas's own resolution.
 */
import { toCss, type Rgba } from '../logic/colors';
import { dataUrlBase64 } from './base64';

export interface PngCaption {
  text: string;
  color: Rgba;
  /** CSS font, in CSS pixels (scaled with the canvas). */
  font: string;
  fontSize: number;
}

/** One canvas, or several stacked (a chart and its heat strip); base64 of the PNG. */
export function canvasToPng(canvas: HTMLCanvasElement, background: Rgba, caption?: PngCaption): string {
  const scale = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : window.devicePixelRatio || 1;
  const pad = Math.round(10 * scale);
  const captionHeight = caption ? Math.round((caption.fontSize + 10) * scale) : 0;
  const out = document.createElement('canvas');
  out.width = canvas.width + 2 * pad;
  out.height = canvas.height + 2 * pad + captionHeight;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = toCss({ ...background, a: 1 });
  ctx.fillRect(0, 0, out.width, out.height);
  if (caption) {
    ctx.save();
    ctx.scale(scale, scale);
    ctx.font = caption.font;
    ctx.fillStyle = toCss(caption.color);
    ctx.textBaseline = 'top';
    ctx.fillText(caption.text, pad / scale, pad / scale, (out.width - 2 * pad) / scale);
    ctx.restore();
  }
  ctx.drawImage(canvas, pad, pad + captionHeight);
  return dataUrlBase64(out.toDataURL('image/png'));
}
