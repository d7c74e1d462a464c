/**
 * Where a horizontal reference line's label goes so that it covers no curve: the first of a few
 * boxes just above or below the line (at the plot's left, middle or right, and between) that no
 * curve's segment or point comes near and no other label takes; null when every one is crossed
 * (the label then goes outside the plot area). Pixel coordinates, y down.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PixelPoint {
  x: number;
  y: number;
}

/** Distance kept between a label and a curve (pixels), besides the points' radius. */
const CLEARANCE = 3;

/** The candidate boxes of a label `width` × `height` on the line at `lineY`, in the order they are tried. */
export function labelCandidates(area: PlotArea, lineY: number, width: number, height: number): Box[] {
  const inset = 6;
  const span = area.right - area.left - 2 * inset - width;
  if (span < 0) return [];
  const xs = [0, 1, 0.5, 0.25, 0.75].map((f) => area.left + inset + f * span);
  const ys = [lineY - 3 - height, lineY + 3];
  const boxes: Box[] = [];
  for (const y of ys) {
    if (y < area.top + 1 || y + height > area.bottom - 1) continue;
    for (const x of xs) boxes.push({ x, y, width, height });
  }
  return boxes;
}

/** The first candidate no curve crosses and no taken box overlaps, or null. */
export function placeLineLabel(
  area: PlotArea,
  lineY: number,
  size: { width: number; height: number },
  curves: readonly (readonly PixelPoint[])[],
  taken: readonly Box[] = [],
  pointRadius = 2,
): Box | null {
  for (const box of labelCandidates(area, lineY, size.width, size.height)) {
    const padded = grow(box, CLEARANCE + pointRadius);
    if (taken.some((t) => overlaps(t, box))) continue;
    if (curves.some((curve) => crosses(curve, padded))) continue;
    return box;
  }
  return null;
}

function grow(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether a polyline (non-finite points are gaps) has a point in the box or a segment through it. */
export function crosses(curve: readonly PixelPoint[], box: Box): boolean {
  let previous: PixelPoint | null = null;
  for (const p of curve) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      previous = null;
      continue;
    }
    if (inside(p, box)) return true;
    if (previous && segmentHitsBox(previous, p, box)) return true;
    previous = p;
  }
  return false;
}

const inside = (p: PixelPoint, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

/** Liang–Barsky: whether the segment a–b meets the box. */
function segmentHitsBox(a: PixelPoint, b: PixelPoint, box: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 <= t1;
}
