/**
 * The headline of a run's result (src/shared/qualityHeadline.ts), one form per data kind, and
 * gan-train's summary, which prints the same headline the editor shows.
 */
import assert from 'node:assert/strict';
import { qualityHeadline, twoDigits } from '../../src/shared/qualityHeadline';
import type { RunMeta } from '../../src/shared/runFormat';
import { ProgressDisplay } from '../../src/training/cli/progress';

describe('quality headline', () => {
  it('two significant digits', () => {
    assert.equal(twoDigits(0.2513), '0.25');
    assert.equal(twoDigits(0.01349), '0.013');
    assert.equal(twoDigits(1.234), '1.2');
    assert.equal(twoDigits(0), '0');
    assert.equal(twoDigits(NaN), 'NaN');
  });

  it('toy data with modes (ring, grid, mixture1d): modes and JS', () => {
    assert.equal(
      qualityHeadline({ modesCovered: 8, modesTotal: 8, js: 0.2513, kl: 0.9, highQualityShare: 0.93 }),
      'modes 8/8, JS 0.25 bit',
    );
    assert.equal(
      qualityHeadline({ modesCovered: 4, modesTotal: 5, js: 0.0031, kl: 0.1, wasserstein: 0.02, highQualityShare: 0.9 }),
      'modes 4/5, JS 0.0031 bit',
    );
  });

  it('toy data without modes (swissroll, moons, csv): JS, and W1 for 1-D data', () => {
    assert.equal(qualityHeadline({ js: 0.0412, kl: 0.2 }), 'JS 0.041 bit');
    assert.equal(qualityHeadline({ js: 0.0412, kl: 0.2, wasserstein: 0.01234 }), 'JS 0.041 bit, W1 0.012');
  });

  it('parabola: curves in the band and KS(a)', () => {
    assert.equal(qualityHeadline({ curveFitShare: 0.934, curveKs: 0.0812 }), 'curves in band 93%, KS(a) 0.081');
  });

  it('images: MNIST (learned metrics) Fréchet, classes, precision; Stacked MNIST modes of 1,000', () => {
    assert.equal(
      qualityHeadline({
        frechetDistance: 12.345,
        classesCovered: 10,
        classesTotal: 10,
        precision: 0.7123,
        recall: 0.5,
        singleBlobShare: 0.9,
      }),
      'Fréchet 12.3, classes 10/10, precision 0.71',
    );
    assert.equal(qualityHeadline({ frechetDistance: 3.4149, classesCovered: 9, classesTotal: 10 }), 'Fréchet 3.41, classes 9/10');
    assert.equal(
      qualityHeadline({ stackedModesCovered: 987, stackedModesTotal: 1000, stackedKl: 0.4123, frechetDistance: 20, precision: 0.6 }),
      'modes 987/1,000, KL 0.41 bit',
    );
  });

  it('images without learned metrics: shapes recognised, else single blobs, each beside the real share', () => {
    assert.equal(
      qualityHeadline({ shapeFitShare: 0.853, realShapeFitShare: 0.99, singleBlobShare: 0.9, squareShare: 0.3 }),
      'shapes 85% (real 99%)',
    );
    assert.equal(qualityHeadline({ singleBlobShare: 0.8, realSingleBlobShare: 0.994, meanInk: 0.2 }), 'single blob 80% (real 99%)');
  });

  it('a record with none of the headline figures has no headline', () => {
    assert.equal(qualityHeadline({}), undefined);
    assert.equal(qualityHeadline({ kl: 0.3 }), undefined);
  });

  it('gan-train’s summary prints the headline as its result line', () => {
    const written: string[] = [];
    const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const display = new ProgressDisplay(out, true);
    const meta = {
      runId: 'r',
      experimentName: 'ring8',
      status: 'completed',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:00.000Z',
      lastStep: 5000,
      totalSteps: 5000,
      backend: { name: 'wasm' },
      error: null,
    } as unknown as RunMeta;
    display.handle({ type: 'started', payload: { runDir: '/runs/ring8/r', meta, config: {} as never } });
    display.handle({ type: 'quality', payload: { step: 5000, metrics: { modesCovered: 8, modesTotal: 8, js: 0.25, kl: 0.5 } } });
    display.handle({ type: 'finished', payload: { status: 'completed', meta } });
    const summary = display.summary().split('\n');
    assert.equal(summary[0], 'completed: 5000/5000 steps in 01:00 on wasm');
    assert.equal(summary[1], '  result: modes 8/8, JS 0.25 bit');
  });
});
