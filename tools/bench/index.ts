// `npm run bench [-- part ...]`: runs the benchmark parts in ./parts, all of them in name order or only those named.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a file in ./parts exports. */
interface BenchPart {
  name: string;
  /** Runs the measurement and prints its results. */
  run(): Promise<void>;
}

function isBenchPart(m: unknown): m is BenchPart {
  const part = m as Partial<BenchPart>;
  return typeof part.name === 'string' && typeof part.run === 'function';
}

async function loadParts(dir: string): Promise<BenchPart[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'));
  const parts: BenchPart[] = [];
  for (const file of files) {
    const m: unknown = await import(pathToFileURL(path.join(dir, file)).href);
    // A file exporting neither is a helper of other parts (dashboard-maps.ts, called by dashboard.ts), not a part.
    const { name, run } = m as Partial<BenchPart>;
    if (name === undefined && run === undefined) continue;
    if (!isBenchPart(m)) throw new Error(`tools/bench/parts/${file} must export \`name\` and \`run()\``);
    parts.push(m);
  }
  return parts.sort((a, b) => a.name.localeCompare(b.name));
}

async function main(): Promise<void> {
  const parts = await loadParts(path.join(path.dirname(fileURLToPath(import.meta.url)), 'parts'));
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !parts.some((p) => p.name === w));
  if (unknown.length > 0) {
    throw new Error(`unknown bench part(s): ${unknown.join(', ')}; available: ${parts.map((p) => p.name).join(', ')}`);
  }
  for (const part of parts) {
    if (wanted.length > 0 && !wanted.includes(part.name)) continue;
    console.log(`\n== ${part.name} ==`);
    await part.run();
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
