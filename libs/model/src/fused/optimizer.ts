// The fused engine's optimizers: one loop over every trainable parameter, which also clears the gradient it consumed.
import type { Hyperparams } from '@mnist-lab/contracts';
import type { Vec } from './kernels';
import type { MlpKernels } from './mlp-kernels';

/** Where an optimizer's state lives, and the wasm kernel that steps Adam over it (both from the engine's memory). */
export interface OptimizerMemory {
  floats(n: number): Vec;
  adam?: MlpKernels['adam'];
}

/** Keras defaults. */
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const EPSILON = 1e-7;
const MOMENTUM = 0.9;
const RMSPROP_RHO = 0.9;

export interface FusedOptimizer {
  /**
   * theta -= update(grad) for the t-th step (from 1; Adam's bias correction reads it); leaves grad all zero, ready
   * for the next batch's accumulation. Stateless apart from the vectors in `memory`, so any thread may step a slice.
   */
  step(theta: Vec, grad: Vec, lr: number, t: number): void;
}

/** Adam as Keras writes it: alpha = lr*sqrt(1-b2^t)/(1-b1^t), theta -= alpha*m/(sqrt(v)+eps). */
function adam(size: number, memory: OptimizerMemory): FusedOptimizer {
  const m = memory.floats(size);
  const v = memory.floats(size);
  const kernel = memory.adam;
  return {
    step(theta, grad, lr, t) {
      const alpha = (lr * Math.sqrt(1 - Math.pow(ADAM_BETA2, t))) / (1 - Math.pow(ADAM_BETA1, t));
      if (kernel !== undefined) {
        kernel(theta, grad, m, v, alpha, ADAM_BETA1, ADAM_BETA2, EPSILON);
        return;
      }
      const n = theta.length;
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        grad[i] = 0;
        const mi = m[i] + (g - m[i]) * (1 - ADAM_BETA1);
        const vi = v[i] + (g * g - v[i]) * (1 - ADAM_BETA2);
        m[i] = mi;
        v[i] = vi;
        theta[i] -= (alpha * mi) / (Math.sqrt(vi) + EPSILON);
      }
    },
  };
}

function sgd(): FusedOptimizer {
  return {
    step(theta, grad, lr) {
      const n = theta.length;
      for (let i = 0; i < n; i++) {
        theta[i] -= lr * grad[i];
        grad[i] = 0;
      }
    },
  };
}

/** Keras SGD(momentum=0.9): velocity = 0.9*velocity - lr*g; theta += velocity. */
function momentum(size: number, memory: OptimizerMemory): FusedOptimizer {
  const velocity = memory.floats(size);
  return {
    step(theta, grad, lr) {
      const n = theta.length;
      for (let i = 0; i < n; i++) {
        const vel = MOMENTUM * velocity[i] - lr * grad[i];
        grad[i] = 0;
        velocity[i] = vel;
        theta[i] += vel;
      }
    },
  };
}

/** Keras 3 RMSprop (rho 0.9, no momentum, not centered): v = rho*v + (1-rho)*g^2; theta -= lr*g/sqrt(v+eps). */
function rmsprop(size: number, memory: OptimizerMemory): FusedOptimizer {
  const v = memory.floats(size);
  return {
    step(theta, grad, lr) {
      const n = theta.length;
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        grad[i] = 0;
        const vi = RMSPROP_RHO * v[i] + (1 - RMSPROP_RHO) * g * g;
        v[i] = vi;
        theta[i] -= (lr * g) / Math.sqrt(vi + EPSILON);
      }
    },
  };
}

/**
 * `memory`: where the state vectors live (at most two of `size`) and Adam's wasm step (the engines on wasm); default
 * plain arrays and the JS loop.
 */
export function createOptimizer(kind: Hyperparams['optimizer'], size: number, Float: new (n: number) => Vec, memory?: OptimizerMemory): FusedOptimizer {
  const m = memory ?? { floats: (n: number) => new Float(n) };
  switch (kind) {
    case 'adam':
      return adam(size, m);
    case 'sgd':
      return sgd();
    case 'momentum':
      return momentum(size, m);
    case 'rmsprop':
      return rmsprop(size, m);
  }
}
