// The readers of the reads-under-load bench, in a process of their own as browsers are: `readers` pages, each asking
// for the runs table's first page every `intervalMs` (as a polling page does), for `seconds`. Prints one JSON line:
// how many answers and their latencies in ms.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';

const [url, readersArg, secondsArg, intervalArg] = process.argv.slice(2);
const readers = Number(readersArg);
const until = performance.now() + Number(secondsArg) * 1000;
const interval = Number(intervalArg);
const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc` })] });
const latencies: number[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await Promise.all(
  Array.from({ length: readers }, async (_, i) => {
    // Pages opened at different moments: spread over one interval.
    await sleep((i / readers) * interval);
    while (performance.now() < until) {
      const t = performance.now();
      await client.runs.list.query({});
      latencies.push(performance.now() - t);
      const next = t + interval;
      if (next > performance.now()) await sleep(next - performance.now());
    }
  }),
);
console.log(JSON.stringify({ latencies }));
