/**
 * Quality parity on the seed's parabola toy: after the same steps with the seed's settings, the
 * project's curve metrics (src/training/quality/curveFit.ts) on 2,048 generated curves, for tfjs
 * (the project's step loop) and for PyTorch (its curves are sent back and scored by the same code).
 */
import { curveFit } from '../../src/training/quality/curveFit';
import { parabolaX } from '../../src/training/data/parabola';
import { sampleLatent } from '../../src/training/latent';
import { generate } from '../../src/training/recording/evaluate';
import { Rng } from '../../src/training/random';
import { benchModel } from './benchModels';
import type { PytorchServer } from './pytorchServer';
import { StepLoop } from './stepLoop';

export const QUALITY_SAMPLES = 2048;

export interface CurveQuality {
  /** Share of curves with every point inside the seed's band [x², 2x² + 1] ± 0.1 (the convergence test's measure). */
  inBand: number;
  /** curveFit's share: small residual to the family and a in range. */
  fitShare: number;
  /** KS distance of the fitted a to U[aMin, aMax]. */
  ks: number;
}

function parabolaConfig() {
  const { config } = benchModel('parabola');
  if (config.data.kind !== 'parabola') throw new Error('the parabola bench model must have parabola data');
  return { config, data: config.data };
}

export function scoreCurves(curves: Float32Array): CurveQuality {
  const { data } = parabolaConfig();
  const xs = parabolaX(data);
  const dim = xs.length;
  const n = curves.length / dim;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let d = 0; d < dim && ok; d++) {
      const y = curves[i * dim + d]!;
      const x2 = xs[d]! ** 2;
      ok = y >= x2 - 0.1 && y <= 2 * x2 + 1 + 0.1;
    }
    if (ok) inside++;
  }
  const fit = curveFit(curves, xs, data.aMin, data.aMax);
  return { inBand: inside / n, fitShare: fit.curveFitShare, ks: fit.curveKs };
}

/** tfjs on the active backend: `steps` steps from `seed`, then the scores of fresh curves. */
export function tfjsQuality(seed: number, steps: number): CurveQuality {
  const { config } = parabolaConfig();
  const loop = new StepLoop(config, seed);
  for (let i = 0; i < steps; i++) loop.runStep();
  const z = sampleLatent(new Rng(seed).fork('bench-quality'), QUALITY_SAMPLES, config.latent);
  const curves = generate(loop.gan, z);
  loop.dispose();
  return scoreCurves(curves);
}

export async function pytorchQuality(server: PytorchServer, seed: number, steps: number): Promise<CurveQuality> {
  return scoreCurves(await server.parabolaCurves(seed, steps, QUALITY_SAMPLES));
}
