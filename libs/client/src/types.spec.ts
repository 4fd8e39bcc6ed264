// The public types written out in types.ts are the zod contract's: an SDK user can pass nothing the API would refuse by type.
import { describe, expectTypeOf, it } from 'vitest';
import type { Architecture as ContractArchitecture, JsonValue as ContractJson, RunConfig as ContractConfig } from '@mnist-lab/contracts';
import type { Architecture, JsonValue, RunConfig } from './types';

describe('public types', () => {
  it('match @mnist-lab/contracts both ways', () => {
    expectTypeOf<Architecture>().toEqualTypeOf<ContractArchitecture>();
    expectTypeOf<JsonValue>().toEqualTypeOf<ContractJson>();
    expectTypeOf<RunConfig>().toEqualTypeOf<ContractConfig>();
  });
});
