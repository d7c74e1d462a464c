/** Asks the settings of "GAN: Sample With MCMC", one quick pick or input box each; Escape cancels. */
import * as vscode from 'vscode';
import type { SamplingMethod, SamplingSettings } from '../../shared/runFormat';
import { parseSamplingNumber, SAMPLING_DEFAULTS, type RequestedSettings, type SamplingNumber } from '../../shared/samplingSettings';

const TITLE = 'Sample With MCMC';
const STEPS = 6;

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(step: number, placeHolder: string, choices: Choice<T>[]): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(choices, { title: `${TITLE} (${step}/${STEPS})`, placeHolder, ignoreFocusOut: true });
  return picked?.value;
}

async function askNumber(step: number, name: SamplingNumber, prompt: string, value: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${TITLE} (${step}/${STEPS})`,
    prompt,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (input) => {
      const parsed = parseSamplingNumber(name, input);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseSamplingNumber(name, text);
  return 'value' in parsed ? parsed.value : undefined;
}

/** `defaultChains`: the run's sample count, capped (see defaultChains in shared/samplingSettings.ts). */
export async function askSamplingSettings(defaultChains: number): Promise<RequestedSettings | undefined> {
  const method = await pick<SamplingMethod>(1, 'How should the chains move?', [
    {
      label: 'MALA',
      description: 'default',
      detail:
        'Langevin proposal plus a Metropolis–Hastings test: samples exp(−E) exactly; its acceptance rate tells whether the step size suits',
      value: 'mala',
    },
    {
      label: 'Langevin',
      detail: 'Unadjusted Langevin dynamics: every step is taken; biased when the step is large for the energy',
      value: 'langevin',
    },
  ]);
  if (!method) return undefined;
  const steps = await askNumber(2, 'steps', 'Steps per chain', SAMPLING_DEFAULTS.steps);
  if (steps === undefined) return undefined;
  const stepSize = await askNumber(3, 'stepSize', "Step size ε in z' = z − ε·∇E(z) + √(2ε)·ξ", SAMPLING_DEFAULTS.stepSize);
  if (stepSize === undefined) return undefined;
  const temperature = await askNumber(
    4,
    'temperature',
    'Temperature T: E(z) = U(G(z))/T + ‖z‖²/2 (lower T sharpens the target)',
    SAMPLING_DEFAULTS.temperature,
  );
  if (temperature === undefined) return undefined;
  const chains = await askNumber(5, 'chains', 'Chains (run together; G(z) of each is scored before and after)', defaultChains);
  if (chains === undefined) return undefined;
  const start = await pick<SamplingSettings['start']>(6, 'Where do the chains start?', [
    { label: 'Fresh', description: 'default', detail: 'z drawn anew from the prior', value: 'fresh' },
    { label: 'Fixed', detail: "The run's fixed noise batch: the z of the samples the dashboard shows", value: 'fixed' },
  ]);
  if (!start) return undefined;
  return { method, steps, stepSize, temperature, chains, start, prior: SAMPLING_DEFAULTS.prior };
}
