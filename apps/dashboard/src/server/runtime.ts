// The runtime every request of this process uses, created once by @mnist-lab/api's composition root.
import { createServerRuntime, type ServerRuntime } from '@mnist-lab/api';
import { readEnv } from '@mnist-lab/contracts';

/** The API's failures that answer 500 are bugs: one line per failure in the server log, for the route handlers and the listener alike. */
export function logInternalError(error: unknown, procedure: string | undefined, requestId: string): void {
  console.error(`mnist-lab: internal error in ${procedure ?? 'a request'} (request ${requestId}):`, error);
}

// Next bundles route handlers apart from the start script's copy of this module, so a module-level variable
// would not be shared between them; a global symbol is (one process, one globalThis).
const SLOT = Symbol.for('mnist-lab.server-runtime');
type Slot = { [SLOT]?: Promise<ServerRuntime> };
const slot = globalThis as Slot;

/** Installs the runtime the start script created, so requests use it instead of opening another store. */
export function setServerRuntime(runtime: ServerRuntime | undefined): void {
  slot[SLOT] = runtime ? Promise.resolve(runtime) : undefined;
}

/** The installed runtime, or (under `next dev`, with no start script) one created from the environment on first use. */
export function getServerRuntime(): Promise<ServerRuntime> {
  slot[SLOT] ??= createServerRuntime(readEnv(), (line) => console.log(`mnist-lab: ${line}`)).then(
    (runtime) => {
      for (const line of runtime.banner) console.log(`mnist-lab: ${line}`);
      return runtime;
    },
    (error: unknown) => {
      // Forget the failure so the next request tries again (the store may be starting).
      slot[SLOT] = undefined;
      throw error;
    },
  );
  return slot[SLOT];
}
