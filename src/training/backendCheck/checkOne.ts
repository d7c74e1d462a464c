/**
 * One backend's line of Check Backends, measured in this process (the check runs each in a child
 * process of its own: checkAll.ts). The backend starts as auto would start it (a software WebGPU
 * adapter, or tfjs-node-gpu computing on the CPU, is skipped), must pass the numerical probe, and
 * is then timed on the experiment's own model.
 */
import { dirname } from 'node:path';
import type { BackendCheckEntry } from '../../shared/backendCheck';
import type { Experiment } from '../../shared/experiment/schema';
import type { Candidate } from '../backends/candidates';
import { firstLine, type SelectionDeps } from '../backends/types';
import { createDataset } from '../data/createDataset';
import { timeTrainingSteps, type StepTiming } from './timeSteps';

export interface CheckOneDeps extends Pick<SelectionDeps, 'start' | 'probe'> {
  time(config: Experiment, experimentFile: string): Promise<StepTiming>;
}

export const timeExperiment = (config: Experiment, experimentFile: string): Promise<StepTiming> =>
  timeTrainingSteps(config, createDataset(config.data, dirname(experimentFile)));

export async function checkOne(
  candidate: Candidate,
  config: Experiment,
  experimentFile: string,
  deps: CheckOneDeps,
): Promise<BackendCheckEntry> {
  const head = { name: candidate.name, ...(candidate.variant && { variant: candidate.variant }) };
  const started = await deps.start[candidate.name](false, candidate.variant);
  if (!started.ok) return { ...head, state: 'skipped', reason: started.reason };
  const device = started.device !== undefined ? { device: started.device } : {};
  let reason = started.reason;
  if (candidate.name !== 'cpu') {
    const probe = await deps.probe();
    if (!probe.ok) return { ...head, state: 'skipped', reason: `${started.reason}, but ${probe.reason}`, ...device };
    reason = `${started.reason}; numerical probe against cpu passed (max abs error ${probe.maxAbsError.toExponential(1)})`;
  }
  try {
    const timing = await deps.time(config, experimentFile);
    return { ...head, state: 'measured', reason, ...device, ...timing };
  } catch (e) {
    return { ...head, state: 'failed', reason: `${reason}, but the timed steps failed: ${firstLine(e)}`, ...device };
  }
}
