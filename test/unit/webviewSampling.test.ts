/**
 * The MCMC card's logic and its messages: the quality comparison (which way is better per metric),
 * the energy band from step 0, labels from result ids, the latent view's extent and the contours,
 * and the validation of what the view may ask the host (an id, never a path).
 */
import assert from 'node:assert/strict';
import { isWebviewToHost } from '../../src/shared/protocol';
import { SAMPLING_FORMAT, type SamplingRecord } from '../../src/shared/runFormat';
import { acceptanceText, samplingLabel, settingsSummary } from '../../webview/src/logic/samplingLabels';
import { energyBand, energyColorRange, latentHalfSide, priorContourRadii } from '../../webview/src/logic/samplingPlots';
import { compareQuality } from '../../webview/src/logic/samplingQuality';
import { SamplingStore } from '../../webview/src/model/samplingStore';

function record(overrides: Partial<SamplingRecord> = {}): SamplingRecord {
  return {
    format: SAMPLING_FORMAT,
    id: 'step-5000-mala-20261122-045250',
    createdAt: '2026-11-22T04:52:50.000Z',
    durationSeconds: 1.3,
    runId: '20261122-044050-cd5k',
    experimentName: 'ring8',
    checkpointStep: 5000,
    settings: { method: 'mala', steps: 3, stepSize: 0.01, temperature: 1, chains: 2, start: 'fresh', prior: true, seed: 1 },
    energy: { loss: 'nonSaturating', formula: 'U(x) = −logit D(x)' },
    latent: { dim: 2, distribution: 'normal' },
    backend: 'wasm',
    dataKind: 'ring',
    layout: 'points2d',
    acceptanceRate: 0.758,
    trace: {
      steps: [1, 2, 3],
      meanEnergy: [2, 1.5, null],
      minEnergy: [1, 1, null],
      maxEnergy: [3, 2, null],
      acceptanceRate: [1, 0.5, 0.5],
    },
    startEnergies: [2, 4],
    finalEnergies: [1, 2],
    paths: {
      latentDim: 2,
      complete: true,
      steps: [0, 1, 2, 3],
      chains: [
        [
          [0, 0],
          [3.5, -1],
          [null, null],
          [1, 1],
        ],
      ],
    },
    before: [],
    after: [],
    real: [],
    quality: null,
    notes: [],
    ...overrides,
  };
}

describe('webview: MCMC sampling card logic', () => {
  it('compares quality metric by metric, each in its better direction', () => {
    const rows = compareQuality(
      { highQualityShare: 0.502, modesCovered: 8, modesTotal: 8, js: 0.264, kl: 3.9, meanInk: 0.2 },
      { highQualityShare: 0.65, modesCovered: 7, modesTotal: 8, js: 0.3, kl: 3.9, meanInk: 0.3 },
    );
    assert.deepEqual(
      rows.map((r) => [r.key, r.beforeText, r.afterText, r.change, r.share]),
      [
        ['highQualityShare', '50.2%', '65.0%', 'better', true],
        ['modesCovered', '8/8', '7/8', 'worse', false],
        ['js', '0.264 bit', '0.300 bit', 'worse', false],
        ['kl', '3.900 bit', '3.900 bit', 'same', false],
        ['meanInk', '20.0%', '30.0%', 'neutral', true],
      ],
    );
    assert.deepEqual(compareQuality({ js: 0.1 }, {}), [], 'only metrics present on both sides');
  });

  it('draws the energy from step 0 (the start energies), NaN where it was not finite', () => {
    const band = energyBand(record());
    assert.deepEqual(band.steps, [0, 1, 2, 3]);
    assert.deepEqual(band.mean.slice(0, 3), [3, 2, 1.5]);
    assert.deepEqual(band.min.slice(0, 3), [2, 1, 1]);
    assert.deepEqual(band.max.slice(0, 3), [4, 3, 2]);
    assert.ok(Number.isNaN(band.mean[3]!));
    assert.ok(Number.isNaN(energyBand(record({ startEnergies: [1, null] })).mean[0]!));
  });

  it('shows the square holding the prior’s bulk and every path point; contours at 1, 2, 3 inside it', () => {
    assert.equal(latentHalfSide(record().paths, 'normal'), 3.5 * 1.05);
    assert.equal(latentHalfSide({ ...record().paths, chains: [] }, 'normal'), 3);
    assert.equal(latentHalfSide({ ...record().paths, chains: [] }, 'uniform'), 1);
    assert.equal(latentHalfSide({ ...record().paths, energyGrid: { min: -4, max: 4, resolution: 1, values: [0] } }, 'normal'), 4);
    assert.deepEqual(priorContourRadii(3), [1, 2, 3]);
    assert.deepEqual(priorContourRadii(1.2), [1]);
    const range = energyColorRange([null, ...Array.from({ length: 101 }, (_, i) => i)]);
    assert.deepEqual(range, { min: 2, max: 98 });
  });

  it('labels results from their ids and states the settings and the acceptance', () => {
    assert.equal(samplingLabel('step-5000-mala-20261122-045250'), 'MALA · checkpoint 5,000 · 2026-11-22 04:52:50 UTC');
    assert.equal(samplingLabel('step-5000-langevin-20261122-045250-2'), 'Langevin · checkpoint 5,000 · 2026-11-22 04:52:50 UTC (2)');
    assert.equal(samplingLabel('hand-made'), 'hand-made');
    assert.equal(
      settingsSummary(record()),
      '2 chains × 3 MALA steps · ε 0.01 · T 1 · fresh start · prior on · seed 1 · checkpoint 5,000 · wasm, 1.3 s',
    );
    assert.equal(acceptanceText(record()), 'acceptance 75.8% of proposals');
    assert.match(acceptanceText(record({ settings: { ...record().settings, method: 'langevin' } })), /no Metropolis–Hastings test/);
  });

  it('keeps what the host sent; a request waits until the answer', () => {
    const store = new SamplingStore();
    assert.equal(store.loaded, false);
    store.pending = 'b';
    store.apply({ ids: ['b', 'a'], shown: record({ id: 'b' }) });
    assert.deepEqual([store.loaded, store.pending, store.shown?.id, store.ids], [true, null, 'b', ['b', 'a']]);
  });

  it('accepts from a view only result ids and the MCMC button', () => {
    assert.ok(isWebviewToHost({ type: 'requestSampling', payload: { id: 'step-5000-mala-20261122-045250' } }));
    assert.ok(isWebviewToHost({ type: 'runAction', payload: { action: 'sampleWithMcmc' } }));
    for (const id of ['../checkpoints', '/etc', '.hidden', 'a/b', '', 'x'.repeat(201)])
      assert.ok(!isWebviewToHost({ type: 'requestSampling', payload: { id } }), id);
    assert.ok(!isWebviewToHost({ type: 'requestSampling', payload: { id: 3 } }));
  });
});
