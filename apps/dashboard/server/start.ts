// `npm start`: the tracking server and dashboard on HOST:PORT, until SIGINT or SIGTERM.
// First import: ESM evaluates imports in order, so this runs before anything below loads.
import './production-env';
import { EnvError, readEnv } from '@mnist-lab/contracts';
import { StartError, startServer } from './start-server';

async function main(): Promise<void> {
  const server = await startServer({ env: readEnv() });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (no new connections; closing the store)`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const known = error instanceof StartError || error instanceof EnvError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`mnist-lab: ${known ? message : message.split('\n')[0]}`);
  if (!known && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
