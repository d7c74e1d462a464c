/**
 * What to try after an alarm, from the run's config as it is now (live edits included). Pure.
 */
import { findRegularizer, usesSigmoid } from '../../shared/experiment/objective';
import type { Experiment } from '../../shared/experiment/schema';
import { formatMagnitude } from '../../shared/runEvents';
import type { AlarmEventData } from '../../shared/runFormat';
import { weakenDiscriminator } from './blowUpAdvice';

function collapse(config: Experiment): string[] {
  const advice: string[] = [];
  const { generator: g, discriminator: d } = config.optimizer;
  if (g.lr > d.lr) advice.push(`lower G's learning rate (now ${formatMagnitude(g.lr)}, D's ${formatMagnitude(d.lr)})`);
  if (!findRegularizer(config.regularizers, 'r1') && config.loss.kind !== 'wganGp')
    advice.push('add a gradient penalty: regularizers [{ "kind": "r1", "weight": 10 }], or use the "wganGp" loss');
  if (config.latent.dim < 8) advice.push(`raise the latent dimension (now ${config.latent.dim})`);
  return advice;
}

function dWins(config: Experiment): string[] {
  const advice = weakenDiscriminator(config);
  // Label smoothing is for the sigmoid losses only.
  return usesSigmoid(config.loss.kind)
    ? advice
    : advice.filter((a) => !a.includes('labelSmoothing')).map((a) => a.replace('a "labelSmoothing" or ', ''));
}

function oscillation(config: Experiment): string[] {
  const { generator: g, discriminator: d } = config.optimizer;
  const now = g.lr === d.lr ? `${formatMagnitude(g.lr)} for G and D` : `G ${formatMagnitude(g.lr)}, D ${formatMagnitude(d.lr)}`;
  const advice = [`lower the learning rates (now ${now})`];
  const momentum = [g, d].some((o) => (o.kind === 'sgd' || o.kind === 'rmsprop') && o.momentum >= 0.5);
  const beta1 = [g, d].some((o) => o.kind === 'adam' && o.beta1 > 0.5);
  if (momentum) advice.push('lower the momentum (simultaneous updates with momentum spiral outwards)');
  if (beta1) advice.push("lower Adam's beta1 (0.5 or 0 is usual for GANs)");
  if (!findRegularizer(config.regularizers, 'r1'))
    advice.push('add a gradient penalty, which damps the swings: regularizers [{ "kind": "r1", "weight": 10 }]');
  return advice;
}

export function alarmAdvice(config: Experiment, alarm: AlarmEventData['alarm']): string[] {
  return alarm === 'modeCollapse' ? collapse(config) : alarm === 'discriminatorWins' ? dWins(config) : oscillation(config);
}
