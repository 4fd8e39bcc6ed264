// @mnist-lab/client speaks tRPC's wire format without the API's types; this checks at compile time (tsc over the specs)
// that every procedure it calls is a mutation of `AppRouter` that accepts the input it sends.
import { describe, expectTypeOf, it } from 'vitest';
import type { TrackingCalls } from '@mnist-lab/client';
import type { ServerClient } from './server-client';

type Procedure<P> = P extends `${infer R}.${infer N}` ? (R extends keyof ServerClient ? (N extends keyof ServerClient[R] ? ServerClient[R][N] : never) : never) : never;
type InputOf<P> = Procedure<P> extends { mutate: (input: infer I, ...rest: never[]) => unknown } ? I : never;

/** The procedures whose input the client's does not fit (or that are no mutation of the router): none. */
type Mismatched = { [P in keyof TrackingCalls]: [TrackingCalls[P]] extends [InputOf<P>] ? never : P }[keyof TrackingCalls];

describe('the tracking client and the API', () => {
  it('agree on every procedure the client calls and its input', () => {
    expectTypeOf<Mismatched>().toEqualTypeOf<never>();
    expectTypeOf<keyof TrackingCalls>().toEqualTypeOf<'runs.create' | 'runs.log' | 'runs.logEpoch' | 'runs.logValidation' | 'runs.heartbeat' | 'runs.finish' | 'runs.end' | 'sweeps.shouldPrune'>();
  });
});
