// The API's router: every sub-router joined under its name; the trainer and the dashboard code against its type.
import { router } from './trpc';
import { health } from './routers/health';
import { runsRouter } from './routers/runs';
import { sweepsRouter } from './routers/sweeps';
import { analysisRouter } from './routers/analysis';
import { digitsRouter } from './routers/digits';
import { sessionRouter } from './routers/session';
import { tokensRouter } from './routers/tokens';

export const appRouter = router({
  health,
  runs: runsRouter,
  sweeps: sweepsRouter,
  analysis: analysisRouter,
  digits: digitsRouter,
  session: sessionRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
