/**
 * Run events drawn on the loss chart as vertical markers: hyper-parameter edits, warnings (a blow-up
 * labelled with what blew up), alarms (⚑ and the alarm's name) and the points where a run was resumed from its checkpoint (after a
 * stop, a failure or a crash), each with a short label; labels that would overlap are stacked in rows.
 * The score and quality charts draw the alarms only (`alarmMarkers`), where the sign they name shows.
 */
import { hyperparameter } from '../../../src/shared/hyperparameterTable';
import { keyOfApplied } from '../../../src/shared/hyperparameterValues';
import { ALARM_NAMES, alarmOf, BLOW_UP_SIGNAL_NAMES, blowUpData } from '../../../src/shared/runEvents';
import type { RunEvent } from '../../../src/shared/runFormat';

export interface Marker {
  step: number;
  kind: 'hyperparameters' | 'warning' | 'resume';
  /** A few characters for the chart. */
  label: string;
  /** The whole message (for the title of the marker). */
  message: string;
}

const MAX_LABEL = 28;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Compact number for labels: 0.0005 → 5e-4, 2000 → 2000, 0.999 → 0.999. */
export function compactNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 0.01) {
    const [mantissa, exponent] = v.toExponential().split('e');
    return `${String(Math.round(Number(mantissa) * 100) / 100)}e${Number(exponent)}`;
  }
  return String(Math.round(v * 1000) / 1000);
}

function hyperparameterLabel(event: RunEvent): string {
  const changes = event.data?.changes;
  if (typeof changes === 'object' && changes !== null) {
    const parts = Object.entries(changes as Record<string, unknown>).map(([key, change]) => {
      const to = typeof change === 'object' && change !== null ? (change as { to?: unknown }).to : undefined;
      const known = keyOfApplied(key);
      const name = known === undefined ? key : hyperparameter(known).short;
      return typeof to === 'number' ? `${name} ${compactNumber(to)}` : name;
    });
    if (parts.length > 0) return truncate(parts.join(', '), MAX_LABEL);
  }
  return truncate(event.message.replace(/^step \d+:\s*/, ''), MAX_LABEL);
}

/** A warning's label: a blow-up names what blew up ("blow-up: D loss", "D saturated", "no gradient"), any other its message. */
function warningLabel(event: RunEvent): string {
  const blowUp = blowUpData(event);
  if (!blowUp) return event.message;
  const flat = blowUp.signal === 'saturation' || blowUp.signal === 'noGradient';
  return flat ? BLOW_UP_SIGNAL_NAMES[blowUp.signal] : `blow-up: ${BLOW_UP_SIGNAL_NAMES[blowUp.signal]}`;
}

/** The trainer's event when a run goes on from its checkpoint (src/training/trainer.ts). */
const RESUMED = /^resumed from the checkpoint at step \d+/;

/** How the run had ended before it was resumed: the last status event before the resume. */
function endBefore(events: readonly RunEvent[], index: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind !== 'status') continue;
    if (RESUMED.test(e.message)) return undefined;
    return e.message.split(':')[0];
  }
  return undefined;
}

export function markersFromEvents(events: readonly RunEvent[]): Marker[] {
  const markers: Marker[] = [];
  for (const [i, e] of events.entries()) {
    if (e.kind === 'status' && RESUMED.test(e.message)) {
      // "stopped · resumed": the stop and the resume are one point of the run (its checkpoint's step).
      const before = endBefore(events, i);
      markers.push({ step: e.step, kind: 'resume', label: `⏵ ${before ? `${before} · ` : ''}resumed`, message: e.message });
    } else if (e.kind === 'hyperparameters')
      markers.push({ step: e.step, kind: 'hyperparameters', label: hyperparameterLabel(e), message: e.message });
    else if (e.kind === 'warning')
      markers.push({ step: e.step, kind: 'warning', label: `⚠ ${truncate(warningLabel(e), MAX_LABEL - 2)}`, message: e.message });
    else if (e.kind === 'alarm') markers.push(alarmMarker(e));
  }
  return markers.sort((a, b) => a.step - b.step);
}

/** An alarm of the run watching itself (issue 24): drawn as a warning, named by its alarm. */
function alarmMarker(e: RunEvent): Marker {
  const alarm = alarmOf(e);
  return { step: e.step, kind: 'warning', label: `⚑ ${alarm ? ALARM_NAMES[alarm] : 'alarm'}`, message: e.message };
}

/** The alarms alone, for the charts other than the loss chart. */
export function alarmMarkers(events: readonly RunEvent[]): Marker[] {
  return events.filter((e) => e.kind === 'alarm').map(alarmMarker);
}

export interface LabelBox {
  /** Left edge in pixels. */
  x: number;
  width: number;
}

/**
 * Row per label (0 = top): each label takes the first row where it clears the previous label by
 * `gap` pixels; labels that fit no row within `maxRows` get -1 (not drawn, the marker line stays).
 */
export function layoutLabels(boxes: readonly LabelBox[], maxRows: number, gap = 4): number[] {
  const rowEnds: number[] = [];
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.x - boxes[b]!.x);
  const rows = new Array<number>(boxes.length).fill(-1);
  for (const i of order) {
    const box = boxes[i]!;
    let row = rowEnds.findIndex((end) => box.x >= end + gap);
    if (row < 0 && rowEnds.length < maxRows) row = rowEnds.length;
    if (row < 0) continue;
    rowEnds[row] = box.x + box.width;
    rows[i] = row;
  }
  return rows;
}
