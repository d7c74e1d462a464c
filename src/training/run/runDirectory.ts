/** Writes one run's directory (format: src/shared/runFormat.ts). */
import { mkdirSync, existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import {
  RUN_FILES,
  type HistogramRecord,
  type MetricRecord,
  type QualityRecord,
  type RunEvent,
  type RunMeta,
  type SampleRecord,
} from '../../shared/runFormat';
import { appendJsonLine, writeJsonAtomic } from '../../shared/atomicFile';
import { newRunId, safeSegment } from '../../shared/runDirectory/runId';

export const stepName = (step: number) => `step-${String(step).padStart(8, '0')}`;

export class RunDirectory {
  private constructor(
    readonly path: string,
    readonly runId: string,
  ) {}

  /** Creates `<root>/<experiment name>/<run id>/` with a new, unique run id. */
  static create(root: string, experimentName: string): RunDirectory {
    const parent = resolve(root, safeSegment(experimentName));
    mkdirSync(parent, { recursive: true });
    for (let attempt = 0; ; attempt++) {
      const runId = newRunId();
      const path = join(parent, runId);
      if (!path.startsWith(parent + sep)) throw new Error(`refusing to write outside ${parent}`);
      if (existsSync(path) && attempt < 20) continue;
      mkdirSync(path); // fails if it appeared meanwhile: never share a directory
      mkdirSync(join(path, RUN_FILES.samples));
      mkdirSync(join(path, RUN_FILES.checkpoints));
      return new RunDirectory(path, runId);
    }
  }

  /** An existing run directory (to resume it). */
  static open(path: string): RunDirectory {
    return new RunDirectory(resolve(path), basename(resolve(path)));
  }

  file(name: string): string {
    return join(this.path, name);
  }

  writeExperiment(config: Experiment): void {
    writeJsonAtomic(this.file(RUN_FILES.experiment), config);
  }

  writeMeta(meta: RunMeta): void {
    writeJsonAtomic(this.file(RUN_FILES.meta), meta);
  }

  appendMetrics(record: MetricRecord): void {
    appendJsonLine(this.file(RUN_FILES.metrics), record);
  }

  appendQuality(record: QualityRecord): void {
    appendJsonLine(this.file(RUN_FILES.quality), record);
  }

  appendHistogram(record: HistogramRecord): void {
    appendJsonLine(this.file(RUN_FILES.histograms), record);
  }

  appendEvent(event: RunEvent): void {
    appendJsonLine(this.file(RUN_FILES.events), event);
  }

  writeSamples(record: SampleRecord): string {
    const path = join(this.path, RUN_FILES.samples, `${stepName(record.step)}.json`);
    writeJsonAtomic(path, record, false);
    return path;
  }
}
