import { describe, expect, it } from 'vitest';
import { createOptimizer } from './optimizer';

/** Two steps on theta = [1, -1] with gradients g1 then g2, in float64. */
function twoSteps(kind: 'adam' | 'sgd' | 'momentum' | 'rmsprop', lr: number, g1: number[], g2: number[]) {
  const opt = createOptimizer(kind, 2, Float64Array);
  const theta = Float64Array.of(1, -1);
  const grad = Float64Array.from(g1);
  opt.step(theta, grad, lr, 1);
  const cleared = Array.from(grad);
  grad.set(g2);
  opt.step(theta, grad, lr, 2);
  return { theta: Array.from(theta), cleared };
}

const g1 = [0.5, -0.25];
const g2 = [0.1, 0.3];

describe('fused optimizers', () => {
  it('Adam matches the textbook bias-corrected form with Keras epsilon-hat', () => {
    const { theta, cleared } = twoSteps('adam', 0.1, g1, g2);
    expect(cleared).toEqual([0, 0]);
    const expected = [1, -1].map((t0, i) => {
      let t = t0;
      let m = 0;
      let v = 0;
      [g1[i], g2[i]].forEach((g, step) => {
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        const c2 = 1 - 0.999 ** (step + 1);
        const mHat = m / (1 - 0.9 ** (step + 1));
        const vHat = v / c2;
        // Keras adds epsilon to sqrt(v), not sqrt(vHat): epsilon-hat = eps * sqrt(1 - b2^t).
        t -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-7 / Math.sqrt(c2));
      });
      return t;
    });
    expect(theta[0]).toBeCloseTo(expected[0], 12);
    expect(theta[1]).toBeCloseTo(expected[1], 12);
  });

  it('SGD, momentum 0.9 and RMSprop follow Keras', () => {
    expect(twoSteps('sgd', 0.1, g1, g2).theta).toEqual([1 - 0.05 - 0.01, -1 + 0.025 - 0.03]);
    const mom = twoSteps('momentum', 0.1, g1, g2).theta;
    expect(mom[0]).toBeCloseTo(1 - 0.05 + (0.9 * -0.05 - 0.01), 12);
    expect(mom[1]).toBeCloseTo(-1 + 0.025 + (0.9 * 0.025 - 0.03), 12);
    const rms = twoSteps('rmsprop', 0.1, g1, g2);
    const v1 = 0.1 * 0.25;
    const v2 = 0.9 * v1 + 0.1 * 0.01;
    expect(rms.theta[0]).toBeCloseTo(1 - (0.1 * 0.5) / Math.sqrt(v1 + 1e-7) - (0.1 * 0.1) / Math.sqrt(v2 + 1e-7), 12);
    expect(rms.cleared).toEqual([0, 0]);
  });
});
