/**
 * The run watching itself (issue 24): runs the mode-collapse, discriminator-wins and oscillation
 * detectors on what the run records (metrics records, quality records) with the thresholds of the
 * experiment file's `alarms` section, and turns each finding into an `alarm` event with advice and
 * the action to take. The blow-up is the divergence watch's (divergenceWatch.ts); only its action
 * (`alarms.blowUp.action`) is read here.
 */
import { usesSigmoid } from '../../shared/experiment/objective';
import type { Experiment } from '../../shared/experiment/schema';
import { alarmEvent, formatMagnitude, type EventContent } from '../../shared/runEvents';
import type { AlarmAction, AlarmEventData, QualityRecord } from '../../shared/runFormat';
import { alarmAdvice } from './alarmAdvice';
import type { WatchedValues } from './blowUp';
import { DiscriminatorWinsDetector, discriminatorWinsWords, type DiscriminatorWinsFinding } from './discriminatorWins';
import { collapseWords, ModeCollapseDetector, type CollapseFinding } from './modeCollapse';
import { OscillationDetector, oscillationWords, type OscillationFinding } from './oscillation';

export type AlarmFinding = CollapseFinding | DiscriminatorWinsFinding | OscillationFinding;

/** An alarm raised: its event, and what the trainer is to do. */
export interface RaisedAlarm {
  event: EventContent;
  action: AlarmAction;
}

/** A finding in words, without the step. */
export function findingWords(f: AlarmFinding): string {
  if (f.alarm === 'modeCollapse') return collapseWords(f);
  if (f.alarm === 'discriminatorWins') return discriminatorWinsWords(f, formatMagnitude);
  return oscillationWords(f, formatMagnitude);
}

export class AlarmWatch {
  private readonly collapse: ModeCollapseDetector;
  private readonly dWins: DiscriminatorWinsDetector;
  private readonly oscillation: OscillationDetector;

  /** `config` is the run's, which live edits change: the advice reads the values of the moment. */
  constructor(private readonly config: Experiment) {
    const { alarms } = config;
    this.collapse = new ModeCollapseDetector(alarms.modeCollapse);
    this.dWins = new DiscriminatorWinsDetector(alarms.discriminatorWins, usesSigmoid(config.loss.kind));
    this.oscillation = new OscillationDetector(alarms.oscillation);
  }

  /** The values at the session's first step, before its first update. */
  start(values: WatchedValues): void {
    this.dWins.start(values);
  }

  /** Reads a metrics record. */
  observeMetrics(values: WatchedValues): RaisedAlarm[] {
    return [this.dWins.observe(values), this.oscillation.observe(values)].flatMap((f) => (f ? [this.raise(f)] : []));
  }

  /** Reads a quality record. */
  observeQuality(record: QualityRecord): RaisedAlarm[] {
    const f = this.collapse.observe(record);
    return f ? [this.raise(f)] : [];
  }

  /** What a blow-up of the divergence watch does besides its warning. */
  get blowUpAction(): AlarmAction {
    return this.config.alarms.blowUp.action;
  }

  private raise(f: AlarmFinding): RaisedAlarm {
    const action = this.config.alarms[f.alarm].action;
    const data: AlarmEventData = {
      alarm: f.alarm,
      signal: f.signal,
      since: f.since,
      values: f.values,
      action,
      advice: alarmAdvice(this.config, f.alarm),
    };
    return { event: alarmEvent(f.step, findingWords(f), data), action };
  }
}
