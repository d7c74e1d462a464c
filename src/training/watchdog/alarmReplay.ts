/**
 * Replays recorded metrics and quality records through the alarms, in step order as the trainer
 * reads them (a quality record after the metrics record of its step), for the defaults' measurements
 * (bench/alarmReplay.ts) and the tests. Pure.
 */
import type { Experiment } from '../../shared/experiment/schema';
import type { QualityRecord } from '../../shared/runFormat';
import { AlarmWatch, type RaisedAlarm } from './alarmWatch';
import type { WatchedValues } from './blowUp';

export function replayAlarms(config: Experiment, metrics: readonly WatchedValues[], quality: readonly QualityRecord[]): RaisedAlarm[] {
  const watch = new AlarmWatch(config);
  const raised: RaisedAlarm[] = [];
  let q = 0;
  const qualityUpTo = (step: number) => {
    while (q < quality.length && quality[q]!.step <= step) raised.push(...watch.observeQuality(quality[q++]!));
  };
  for (const m of metrics) {
    qualityUpTo(m.step - 1);
    raised.push(...watch.observeMetrics(m));
    qualityUpTo(m.step);
  }
  qualityUpTo(Infinity);
  return raised;
}
