/** The stop/resume marker on the loss chart: from the events a resumed run's events.jsonl holds. */
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/shared/runFormat';
import { markersFromEvents } from '../../webview/src/logic/markers';

const event = (kind: RunEvent['kind'], step: number, message: string, data?: Record<string, unknown>): RunEvent => ({
  kind,
  step,
  time: 0,
  message,
  ...(data && { data }),
});

describe('resume markers', () => {
  it('a run stopped and resumed from its checkpoint gets one "stopped · resumed" marker at the checkpoint’s step', () => {
    const markers = markersFromEvents([
      event('backend', 0, 'backend wasm: requested'),
      event('status', 3763, 'stopped'),
      event('backend', 3763, 'backend wasm: requested'),
      event('status', 3763, 'resumed from the checkpoint at step 3763', { checkpoint: 'checkpoints/step-00003763' }),
      event('status', 5000, 'completed'),
    ]);
    assert.deepEqual(
      markers.map((m) => [m.step, m.kind, m.label]),
      [[3763, 'resume', '⏵ stopped · resumed']],
    );
    assert.equal(markers[0]!.message, 'resumed from the checkpoint at step 3763');
  });

  it('a failure before the resume is named; a crash (no status event) gives "resumed"', () => {
    const failed = markersFromEvents([
      event('status', 900, 'failed: the trainer ran out of memory'),
      event('status', 500, 'resumed from the checkpoint at step 500'),
    ]);
    assert.deepEqual(
      failed.map((m) => m.label),
      ['⏵ failed · resumed'],
    );
    const crashed = markersFromEvents([
      event('backend', 0, 'backend cpu'),
      event('status', 500, 'resumed from the checkpoint at step 500'),
      event('status', 800, 'resumed from the checkpoint at step 800'),
    ]);
    assert.deepEqual(
      crashed.map((m) => [m.step, m.label]),
      [
        [500, '⏵ resumed'],
        [800, '⏵ resumed'],
      ],
    );
  });
});
