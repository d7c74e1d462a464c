/** Recognises the host's messages to the comparison page (anything else is logged and ignored). */
import type { HostToComparisonView } from '../../../src/shared/protocol';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isHostToComparisonView(m: unknown): m is HostToComparisonView {
  if (!isObject(m) || !isObject(m.payload)) return false;
  const p = m.payload;
  if (m.type === 'comparisonShown')
    return Array.isArray(p.runs) && p.runs.every((r) => isObject(r) && typeof r.runDir === 'string' && Array.isArray(r.sampleSteps));
  if (m.type === 'comparedSamples') return typeof p.run === 'number' && isObject(p.record) && typeof p.record.step === 'number';
  return false;
}
