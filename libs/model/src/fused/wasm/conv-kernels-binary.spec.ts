import { describe, expect, it } from 'vitest';
import { binaryModule, compileConvKernels } from '../../../scripts/wasm-kernels';
import { CONV_KERNELS_WASM } from './conv-kernels-binary';

describe('the checked-in wasm kernels', () => {
  it('are what assembly/ compiles to (after editing it: npm run build:wasm -w @mnist-lab/model)', async () => {
    const binary = await compileConvKernels();
    expect(Buffer.from(binary).toString('base64') === CONV_KERNELS_WASM).toBe(true);
    expect(binaryModule(binary)).toContain(CONV_KERNELS_WASM);
    // asc takes 5-50 s on this two-core machine, depending on its load.
  }, 180_000);
});
