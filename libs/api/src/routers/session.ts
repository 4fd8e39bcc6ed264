// session.*: who the caller is (signed in or not, with which token) and whether the server is private.
import { openProcedure, router } from '../trpc';

export const sessionRouter = router({
  whoami: openProcedure.query(({ ctx }) => ({
    signedIn: ctx.writer !== null,
    /** The named token behind the caller; null for the server's own token or no one. */
    name: ctx.writer?.name ?? null,
    private: ctx.private,
  })),
});
