/**
 * The trainer's divergence watch: runs the blow-up detector (blowUp.ts) on the session's first step
 * and on every metrics record, records what it raises as a warning event with advice, and with
 * `divergence.action` "stop" says the run has diverged. Issue 24's alarms (mode collapse, D wins,
 * oscillation) are alarmWatch.ts's, which reads this watch's blow-ups for `alarms.blowUp.action`.
 */
import { usesSigmoid } from '../../shared/experiment/objective';
import type { Experiment } from '../../shared/experiment/schema';
import { blowUpEvent, blowUpFinding, type EventContent } from '../../shared/runEvents';
import type { BlowUpEventData } from '../../shared/runFormat';
import type { StepValues } from '../steps';
import { BlowUpDetector, type BlowUpFinding, type WatchedValues } from './blowUp';
import { blowUpAdvice } from './blowUpAdvice';

/** What the watch reads of a D step's result. */
export function watchedD(d: StepValues): Pick<WatchedValues, 'dLoss' | 'gradNormD' | 'dReal' | 'dFake'> {
  return { dLoss: d.loss, gradNormD: d.gradNorm, dReal: d.dReal!, dFake: d.dFake! };
}

/** What the watch reads of a step's D and G results. */
export function watchedValues(step: number, d: StepValues, g: StepValues): WatchedValues {
  return { step, ...watchedD(d), gLoss: g.loss, gradNormG: g.gradNorm };
}

export class DivergenceWatch {
  private readonly blowUp: BlowUpDetector | undefined;

  /** `config` is the run's, which live edits change: the advice reads the values of the moment. */
  constructor(private readonly config: Experiment) {
    const settings = config.divergence;
    this.blowUp = settings.action === 'off' ? undefined : new BlowUpDetector(settings, usesSigmoid(config.loss.kind));
  }

  /** Whether the watch wants the values of the session's first step (read once, when it is not a metrics step). */
  get enabled(): boolean {
    return this.blowUp !== undefined;
  }

  /** The values at the session's first step, before its first update: the running scales start there. */
  start(values: WatchedValues): void {
    this.blowUp?.start(values);
  }

  /**
   * With action "stop", no periodic checkpoint while the last record was beyond its scale or D
   * saturated: a blow-up may be starting, and with keepCheckpoints it would rotate the good ones out.
   */
  get holdCheckpoints(): boolean {
    return this.config.divergence.action === 'stop' && this.blowUp?.suspect === true;
  }

  /**
   * The last step whose state the watch knows was sound: checkpoints after it hold a state the
   * blow-up may already have reached. Undefined before the first values.
   */
  get soundUpTo(): number | undefined {
    const step = this.blowUp?.lastWithinStep;
    return step === undefined ? undefined : step - 1;
  }

  /**
   * Reads a metrics record; `record` writes each finding as an event. Returns, with action "stop",
   * the reason the run has diverged (the DivergedError's message).
   */
  observe(values: WatchedValues, record: (event: EventContent) => void): string | undefined {
    if (!this.blowUp) return undefined;
    const action = this.config.divergence.action === 'stop' ? 'stop' : 'warn';
    let diverged: string | undefined;
    for (const finding of this.blowUp.observe(values)) {
      const data = eventData(finding, action, blowUpAdvice(this.config, finding));
      record(blowUpEvent(values.step, data));
      if (action === 'stop' && diverged === undefined)
        diverged = `diverged at step ${values.step}: blow-up: ${blowUpFinding(data)} — try: ${data.advice.join('; ')}`;
    }
    return diverged;
  }
}

function eventData(finding: BlowUpFinding, action: 'warn' | 'stop', advice: string[]): BlowUpEventData {
  if (finding.kind === 'saturation')
    return {
      detector: 'blowUp',
      signal: finding.flat === 'sigmoid' ? 'saturation' : 'noGradient',
      since: finding.since,
      dReal: finding.dReal,
      dFake: finding.dFake,
      gradNormD: finding.gradNormD,
      gradNormG: finding.gradNormG,
      steps: finding.steps,
      action,
      advice,
    };
  return {
    detector: 'blowUp',
    signal: finding.signal,
    since: finding.since,
    value: finding.value,
    scale: finding.scale,
    ratio: finding.ratio,
    action,
    advice,
  };
}
