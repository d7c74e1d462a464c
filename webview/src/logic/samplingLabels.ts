/** Text about sampling results: a result's name in the picker and a one-line summary of its settings. */
import type { SamplingRecord } from '../../../src/shared/runFormat';
import { parseSamplingId } from '../../../src/shared/samplingId';
import { formatInteger, formatValue } from './format';

export const methodName = (method: string) => (method === 'mala' ? 'MALA' : method === 'langevin' ? 'Langevin' : method);

/** "MALA · checkpoint 5,000 · 2026-11-22 04:44:44 UTC" (the id itself when it is not one gan-sample made). */
export function samplingLabel(id: string): string {
  const parts = parseSamplingId(id);
  if (!parts) return id;
  const when = parts.createdAt.replace('T', ' ').replace('Z', ' UTC');
  return `${methodName(parts.method)} · checkpoint ${formatInteger(parts.checkpointStep)} · ${when}${parts.variant > 1 ? ` (${parts.variant})` : ''}`;
}

export function settingsSummary(record: SamplingRecord): string {
  const s = record.settings;
  return [
    `${formatInteger(s.chains)} chains × ${formatInteger(s.steps)} ${methodName(s.method)} steps`,
    `ε ${formatValue(s.stepSize)}`,
    `T ${formatValue(s.temperature)}`,
    `${s.start} start`,
    s.prior ? 'prior on' : 'no prior',
    `seed ${s.seed}`,
    `checkpoint ${formatInteger(record.checkpointStep)}`,
    `${record.backend}, ${formatValue(record.durationSeconds)} s`,
  ].join(' · ');
}

/** The acceptance rate as the views state it. */
export function acceptanceText(record: SamplingRecord): string {
  return record.settings.method === 'langevin'
    ? 'acceptance 1 — Langevin takes every step (no Metropolis–Hastings test)'
    : `acceptance ${(record.acceptanceRate * 100).toFixed(1)}% of proposals`;
}
