/** `gan-sample --json`'s result (src/shared/cliResult.ts) for a written sampling record. */
import { readdirSync } from 'node:fs';
import { meanOrNull, type SampleSuccess } from '../../shared/cliResult';
import type { SamplingRecord } from '../../shared/runFormat';
import { formatQuality } from './progress';

export function sampleResult(record: SamplingRecord, folder: string): SampleSuccess {
  return {
    type: 'result',
    tool: 'gan-sample',
    ok: true,
    folder,
    id: record.id,
    files: readdirSync(folder).sort(),
    checkpointStep: record.checkpointStep,
    backend: record.backend,
    durationSeconds: record.durationSeconds,
    settings: record.settings,
    acceptanceRate: record.acceptanceRate,
    meanEnergy: { start: meanOrNull(record.startEnergies), final: meanOrNull(record.finalEnergies) },
    quality: record.quality,
    qualityText: record.quality && { before: formatQuality(record.quality.before), after: formatQuality(record.quality.after) },
    warnings: record.notes,
  };
}
