// One SDK client of the tracking bench: logs a long run's batch metrics as fast as it can, then waits until the server
// has every point. Prints one JSON line: when it started and ended logging, when the server had everything, points, left.
// Plain JavaScript on the compiled package (libs/client/dist, as `npm pack` ships it), run by plain node: what a user's
// script runs, not the TypeScript sources under tsx (whose start-up alone cost each client about a CPU-second).
import { init } from '@mnist-lab/client';

const [server, token, stepsArg, everyArg] = process.argv.slice(2);
const steps = Number(stepsArg);
const every = Number(everyArg);
const batchesPerEpoch = 1_688;
const run = await init({
  server,
  token,
  name: `bench-sdk-${process.pid}`,
  config: { bench: 'ingestion', logEvery: every },
  backend: 'bench',
  log: () => undefined,
  interrupt: 'abort',
});
const started = Date.now();
let points = 0;
for (let batch = every; batch <= steps; batch += every) {
  run.log({ 'batch/loss': 2 / (1 + batch / 1_000), 'batch/accuracy': 1 - 1 / (2 + batch / 1_000) }, { step: batch, epoch: batch / batchesPerEpoch });
  points += 2;
  // A training loop yields between batches; so does this one, now and then, as the fused engine does every ~20 ms.
  if (batch % (every * 500) === 0) await new Promise((r) => setImmediate(r));
}
const logged = Date.now();
const left = await run.flush(300_000);
const flushed = Date.now();
await run.finish();
console.log(JSON.stringify({ started, logged, flushed, points, left }));
