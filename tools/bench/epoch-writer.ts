// The logEpoch writers of the tracking bench, in a process of their own as trainers are: `clients` runs, each logging
// `epochs` epochs of 6 metrics through tRPC, back to back (rate 0) or each at `rate` epochs/s on a fixed schedule.
// Prints one JSON line: the latencies in ms (from each request's scheduled time, so a stalled server counts in full)
// and the seconds from the first request to the last answer.
//
// The timed requests are tRPC's own HTTP form (POST /api/trpc/runs.logEpoch, the input as the JSON body, as httpLink
// sends it without a transformer) over node:http with keep-alive, one socket per writer. Through @trpc/client and
// fetch, each request cost this one thread about 1 ms of CPU, and 8 writers back to back then queued behind each other
// here: against a stub server that answers at once and stores nothing, they measured p99 12.9-15.6 ms over nine runs,
// the load generator's latency rather than the server's. `--client trpc` still times them through @trpc/client.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/contracts';

const [url, token, clientsArg, epochsArg, rateArg, clientFlag, clientKind] = process.argv.slice(2);
const viaTrpc = clientFlag === '--client' && clientKind === 'trpc';
const clients = Number(clientsArg);
const epochs = Number(epochsArg);
const rate = Number(rateArg);
const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
const runIds = Array.from({ length: clients }, () => randomUUID());
for (const id of runIds) {
  await client.runs.create.mutate({ id, name: `bench-${id.slice(0, 6)}`, config: DEFAULT_HYPERPARAMS, backend: 'fused', tags: ['bench'], startedAt: new Date().toISOString() });
}
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const endpoint = new URL(`${url}/api/trpc/runs.logEpoch`);

/** One logEpoch through tRPC's HTTP form; resolves on a 200 and its result, rejects with the answer's text otherwise. */
function logEpoch(input: unknown): Promise<void> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(endpoint, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 && text.includes('"result"') ? resolve() : reject(new Error(`logEpoch answered ${res.statusCode}: ${text.slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
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
      const input = {
        runId,
        epoch,
        metrics: { loss: 1 / epoch, accuracy: 1 - 1 / (epoch + 1), val_loss: 1.1 / epoch, val_accuracy: 1 - 1.1 / (epoch + 2), lr: 1e-3, epoch_time: 1.7 },
        at: new Date().toISOString(),
      };
      await (viaTrpc ? client.runs.logEpoch.mutate(input) : logEpoch(input));
      latencies.push(performance.now() - due);
    }
  }),
);
agent.destroy();
console.log(JSON.stringify({ latencies, seconds: (performance.now() - started) / 1000 }));
