import { describe, expect, it } from 'vitest';
import { binaryModule, compileKernels } from '../../../scripts/wasm-kernels';
import { KERNELS_WASM } from './kernels-binary';

describe('the checked-in wasm kernels', () => {
  it('are what assembly/ compiles to (after editing it: npm run build:wasm -w @mnist-lab/model)', async () => {
    const binary = await compileKernels();
    expect(Buffer.from(binary).toString('base64') === KERNELS_WASM).toBe(true);
    expect(binaryModule(binary)).toContain(KERNELS_WASM);
    // asc takes 5-50 s on this two-core machine, depending on its load.
  }, 180_000);
});
