/** Runs the Trainer in this process on a config object and collects what it emits. */
import type { TrainerToHost } from '../../src/shared/protocol';
import { loadExperiment } from '../../src/training/loadExperiment';
import { Trainer, type TrainerOptions } from '../../src/training/trainer';
import { tempDir, writeExperimentFile, type Json } from './experiments';

export interface CollectedRun {
  trainer: Trainer;
  messages: TrainerToHost[];
  runDir: () => string;
  of<T extends TrainerToHost['type']>(type: T): Extract<TrainerToHost, { type: T }>[];
}

export function prepareRun(
  config: Json,
  options: Partial<TrainerOptions> = {},
  onMessage?: (m: TrainerToHost, run: CollectedRun) => void,
): CollectedRun {
  const dir = tempDir();
  const file = writeExperimentFile(config, dir);
  const messages: TrainerToHost[] = [];
  const run: CollectedRun = {
    trainer: undefined as unknown as Trainer,
    messages,
    runDir: () => {
      const started = messages.find((m) => m.type === 'started');
      if (!started || started.type !== 'started') throw new Error('run did not start');
      return started.payload.runDir;
    },
    of: <T extends TrainerToHost['type']>(type: T) => messages.filter((m): m is Extract<TrainerToHost, { type: T }> => m.type === type),
  };
  run.trainer = new Trainer({
    experimentFile: file,
    config: loadExperiment(file),
    outRoot: dir,
    ...options,
    emit: (m) => {
      messages.push(m);
      onMessage?.(m, run);
    },
  });
  return run;
}
