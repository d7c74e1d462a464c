/**
 * `gan-train --check-backends FILE [--json]` and its children's `--check-one B FILE`: the CLI side
 * of Check Backends (backendCheck/). The result is cached for auto, and printed as a table, or
 * with --json as BackendCheckProgress lines then the BackendCheckResult line on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendCheckResult } from '../../shared/backendCheck';
import { REAL_BACKENDS, speedCacheKey } from '../backend';
import { checkBackends, childRunner } from '../backendCheck/checkAll';
import { checkOne, timeExperiment } from '../backendCheck/checkOne';
import { SpeedCache } from '../backendCheck/speedCache';
import { parseCandidateArg } from '../backends/candidates';
import type { TrainingInput } from '../loadExperiment';
import type { TrainArgs } from './args';
import { backendTable } from './backendTable';
import { printMessage } from './messages';

const say = (message: string, severity?: 'warning' | 'note') => printMessage('gan-train', message, severity);
const jsonLine = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** One backend, in this process: its entry as the last stdout line. */
export async function checkOneCommand(candidateText: string, input: TrainingInput): Promise<number> {
  const candidate = parseCandidateArg(candidateText);
  if (!candidate) throw new Error(`--check-one: unknown backend ${candidateText}`);
  tf.enableProdMode();
  jsonLine(await checkOne(candidate, input.config, input.experimentFile, { ...REAL_BACKENDS, time: timeExperiment }));
  return 0;
}

/** Every backend, each in a child running `script` (this CLI); exit 0 when one was measured. */
export async function checkBackendsCommand(args: TrainArgs, input: TrainingInput, script: string): Promise<number> {
  const cache = new SpeedCache(undefined, (m) => say(m, 'warning'));
  const result: BackendCheckResult = await checkBackends(
    input.experimentFile,
    speedCacheKey(input.config),
    childRunner(script, input.experimentFile),
    (p) => {
      if (args.json) jsonLine(p);
      else if (!args.quiet) say(`checking ${p.variant ? `${p.name} (${p.variant})` : p.name} (${p.index} of ${p.count})…`, 'note');
    },
  );
  let cached = true;
  try {
    cache.put(result);
  } catch (e) {
    cached = false;
    say(`the measurement could not be cached: ${e instanceof Error ? e.message : String(e)}`, 'warning');
  }
  if (args.json) jsonLine(result);
  else process.stdout.write(backendTable(result, cached ? cache.path : undefined));
  return result.fastest ? 0 : 1;
}
