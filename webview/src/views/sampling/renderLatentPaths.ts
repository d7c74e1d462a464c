/**
 * The chains' paths in latent space (the first two coordinates): E(z) as a tint (stronger where the
 * energy is low, where the chains should gather), the prior's contours dashed (‖z‖ = 1, 2, 3 for a
 * normal prior, the box for a uniform one), and one polyline per chain from a hollow start marker
 * to a filled end marker.
 */
import type { SamplingRecord } from '../../../../src/shared/runFormat';
import { sequential } from '../../logic/colorMap';
import { mix, toCss, withAlpha, type Rgba } from '../../logic/colors';
import { gridPixels } from '../../logic/heatmap';
import { energyColorRange, latentHalfSide, priorContourRadii } from '../../logic/samplingPlots';
import { dot, drawAxes, font, Frame, sizeCanvas } from '../../samples/canvas';
import type { LegendEntry } from '../../samples/types';
import type { Theme } from '../../ui/theme';

const MAX_SIDE = 420;
const MARKER = 3.5;

function energyStops(theme: Theme): Rgba[] {
  return [mix(theme.background, theme.real, 0.6), mix(theme.background, theme.real, 0.22), theme.background];
}

function drawEnergy(ctx: CanvasRenderingContext2D, frame: Frame, record: SamplingRecord, stops: Rgba[]): boolean {
  const grid = record.paths.energyGrid;
  const range = grid && energyColorRange(grid.values);
  if (!grid || !range || grid.values.length !== grid.resolution * grid.resolution) return false;
  const transparent: Rgba = { r: 0, g: 0, b: 0, a: 0 };
  const span = Math.max(1e-12, range.max - range.min);
  const values = grid.values.map((v) => (typeof v === 'number' ? v : NaN));
  const pixels = gridPixels(grid.resolution, values, (v) => (Number.isFinite(v) ? sequential((v - range.min) / span, stops) : transparent));
  const off = document.createElement('canvas');
  off.width = off.height = grid.resolution;
  off.getContext('2d')!.putImageData(new ImageData(pixels, grid.resolution, grid.resolution), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const x0 = frame.px(grid.min);
  const y0 = frame.py(grid.max);
  ctx.drawImage(off, x0, y0, frame.px(grid.max) - x0, frame.py(grid.min) - y0);
  return true;
}

function drawPrior(ctx: CanvasRenderingContext2D, frame: Frame, record: SamplingRecord, theme: Theme, half: number): string {
  ctx.save();
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = 1;
  ctx.strokeStyle = withAlpha(theme.foreground, 0.45);
  ctx.beginPath();
  let label: string;
  if (record.latent.distribution === 'uniform') {
    ctx.rect(frame.px(-1), frame.py(1), frame.px(1) - frame.px(-1), frame.py(-1) - frame.py(1));
    label = 'prior: the box [−1, 1]²';
  } else {
    const radii = priorContourRadii(half);
    const scale = frame.px(1) - frame.px(0);
    for (const r of radii) {
      ctx.moveTo(frame.px(0) + r * scale, frame.py(0));
      ctx.arc(frame.px(0), frame.py(0), r * scale, 0, Math.PI * 2);
    }
    label = `prior N(0, I): ‖z‖ = ${radii.join(', ')}`;
  }
  ctx.stroke();
  ctx.restore();
  return label;
}

export function renderLatentPaths(canvas: HTMLCanvasElement, record: SamplingRecord, theme: Theme, width: number): LegendEntry[] {
  const { paths } = record;
  const margin = { left: 56, right: 12, top: 8, bottom: 40 };
  if (paths.latentDim < 2 || paths.chains.length === 0) {
    const ctx = sizeCanvas(canvas, width, 60);
    ctx.font = font(theme, -1);
    ctx.fillStyle = withAlpha(theme.muted, 1);
    ctx.textBaseline = 'middle';
    ctx.fillText(
      paths.latentDim < 2 ? 'The latent has one coordinate: no paths in a plane.' : 'No paths were recorded.',
      8,
      30,
      width - 16,
    );
    return [];
  }
  const side = Math.max(120, Math.min(MAX_SIDE, width - margin.left - margin.right));
  const ctx = sizeCanvas(canvas, width, side + margin.top + margin.bottom);
  const half = latentHalfSide(paths, record.latent.distribution);
  const left = margin.left + Math.max(0, (width - margin.left - margin.right - side) / 2);
  const frame = new Frame({ left, top: margin.top, width: side, height: side }, { min: -half, max: half }, { min: -half, max: half });
  const stops = energyStops(theme);
  ctx.save();
  frame.clip(ctx);
  const hasEnergy = drawEnergy(ctx, frame, record, stops);
  const priorLabel = drawPrior(ctx, frame, record, theme, half);
  const palette = [...theme.compare, ...theme.other];
  paths.chains.forEach((path, c) => {
    const color = palette[c % palette.length]!;
    const points = path.filter((p): p is [number, number] => typeof p[0] === 'number' && typeof p[1] === 'number');
    if (points.length === 0) return;
    ctx.strokeStyle = withAlpha(color, 0.75);
    ctx.lineWidth = 1;
    ctx.beginPath();
    points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(frame.px(x), frame.py(y)) : ctx.lineTo(frame.px(x), frame.py(y))));
    ctx.stroke();
    const [sx, sy] = points[0]!;
    const [ex, ey] = points[points.length - 1]!;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(frame.px(sx), frame.py(sy), MARKER, 0, Math.PI * 2);
    ctx.stroke();
    ctx.beginPath();
    dot(ctx, frame.px(ex), frame.py(ey), MARKER);
    ctx.fillStyle = toCss(color);
    ctx.fill();
    ctx.strokeStyle = withAlpha(theme.background, 0.9);
    ctx.lineWidth = 1;
    ctx.stroke();
  });
  ctx.restore();
  drawAxes(ctx, frame, theme, { xLabel: 'z₁', yLabel: 'z₂', xTickCount: 6, yTickCount: 6 });

  const legend: LegendEntry[] = [
    { label: `${paths.chains.length} chains: ○ start`, colors: [], style: 'band' },
    { label: '● end', colors: [], style: 'band' },
  ];
  if (hasEnergy) legend.push({ label: 'E(z): low … high', colors: stops.map(toCss), style: 'bar' });
  legend.push({ label: priorLabel, colors: [withAlpha(theme.foreground, 0.45)], style: 'dashed' });
  if (!paths.complete) legend.push({ label: `first two of ${paths.latentDim} coordinates`, colors: [], style: 'band' });
  return legend;
}
