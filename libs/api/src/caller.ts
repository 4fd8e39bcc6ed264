// Calls the router in-process, without HTTP: for tests and for server code that runs next to the API.
import { appRouter } from './root';
import { createCallerFactory } from './trpc';

export const createCaller = createCallerFactory(appRouter);
