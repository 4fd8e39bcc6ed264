// The API's router: every sub-router joined under its name; the trainer and the dashboard code against its type.
import { router } from './trpc';
import { health } from './routers/health';
import { runsRouter } from './routers/runs';
import { sweepsRouter } from './routers/sweeps';
import { analysisRouter } from './routers/analysis';
import { digitsRouter } from './routers/digits';

export const appRouter = router({
  health,
  runs: runsRouter,
  sweeps: sweepsRouter,
  analysis: analysisRouter,
  digits: digitsRouter,
});

export type AppRouter = typeof appRouter;
