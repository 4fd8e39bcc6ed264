// The logEpoch writers of the tracking bench, in a process of their own as trainers are: `clients` runs, each logging
// `epochs` epochs of 6 metrics through tRPC, back to back (rate 0) or each at `rate` epochs/s on a fixed schedule.
// Prints one JSON line: the latencies in ms (from each request's scheduled time, so a stalled server counts in full)
// and the seconds from the first request to the last answer.
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/contracts';

const [url, token, clientsArg, epochsArg, rateArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const epochs = Number(epochsArg);
const rate = Number(rateArg);
const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
const runIds = Array.from({ length: clients }, () => randomUUID());
for (const id of runIds) {
  await client.runs.create.mutate({ id, name: `bench-${id.slice(0, 6)}`, config: DEFAULT_HYPERPARAMS, backend: 'fused', tags: ['bench'], startedAt: new Date().toISOString() });
}
const latencies: number[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = performance.now();
await Promise.all(
  runIds.map(async (runId, i) => {
    // Writers at a rate start spread over one interval, as independent trainers would.
    const offset = rate > 0 ? (i / clients) * (1000 / rate) : 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const due = rate > 0 ? started + offset + ((epoch - 1) * 1000) / rate : performance.now();
      if (due > performance.now()) await sleep(due - performance.now());
      await client.runs.logEpoch.mutate({
        runId,
        epoch,
        metrics: { loss: 1 / epoch, accuracy: 1 - 1 / (epoch + 1), val_loss: 1.1 / epoch, val_accuracy: 1 - 1.1 / (epoch + 2), lr: 1e-3, epoch_time: 1.7 },
        at: new Date().toISOString(),
      });
      latencies.push(performance.now() - due);
    }
  }),
);
console.log(JSON.stringify({ latencies, seconds: (performance.now() - started) / 1000 }));
