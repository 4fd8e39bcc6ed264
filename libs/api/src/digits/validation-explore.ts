// digits.validation: the chosen runs' validation digits, named by training image, one row of stats per image (see
// validation-stats); runs that stored no validation predictions naming training images are skipped, each with why.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { TRAIN_SET_SIZE, type ValidationExplorerRequest } from '@mnist-lab/contracts';
import { runNotFound } from '../runs/lock-run';
import { forgetting } from '../runs/forgetting';
import { mnistTrainPixels } from './mnist-train-pixels';
import { validationStats, type RunValidation, type ValidationDigitStats } from './validation-stats';

interface ChosenRun {
  id: string;
  name: string;
  seed: number | null;
}

export interface ValidationRunSummary extends ChosenRun {
  /** Size of the run's validation set, and its last stored epoch with the share right there. */
  digits: number;
  lastEpoch: number;
  accuracy: number;
}

export interface SkippedRun {
  id: string;
  name: string;
  why: string;
}

export interface ValidationExplorer {
  runs: ValidationRunSummary[];
  skipped: SkippedRun[];
  digits: ValidationDigitStats;
  /** Null when every digit's picture can be shown; otherwise the one line saying why not. */
  imagesNote: string | null;
}

/** Runs read at a time: every epoch's labels of 20 runs of 50 epochs is 6 MB, whatever the number of runs chosen. */
const CHUNK = 20;

async function chosenRuns(db: Db, q: ValidationExplorerRequest): Promise<ChosenRun[]> {
  const select = { id: true, name: true, seed: true } as const;
  if (q.runIds) {
    const ids = [...new Set(q.runIds)];
    const rows = await db.run.findMany({ where: { id: { in: ids } }, select });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw runNotFound(id);
      return row;
    });
  }
  const sweep = await db.sweep.findUnique({ where: { id: q.sweepId }, select: { name: true, runs: { where: { archivedAt: null }, select, orderBy: [{ trialNumber: 'asc' }, { startedAt: 'asc' }] } } });
  if (!sweep) throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${q.sweepId} not found` });
  if (sweep.runs.length === 0) throw new TRPCError({ code: 'CONFLICT', message: `sweep ${sweep.name} has no runs yet` });
  return sweep.runs;
}

/** Distinct training-image indices, or null: a set whose digits two share (or outside the 60,000) cannot be lined up. */
function sourcesOf(bytes: Uint8Array, count: number): Uint32Array | null {
  if (bytes.byteLength !== count * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(count);
  const seen = new Uint8Array(TRAIN_SET_SIZE);
  for (let i = 0; i < count; i++) {
    const s = view.getUint32(i * 4, true);
    if (s >= TRAIN_SET_SIZE || seen[s]) return null;
    seen[s] = 1;
    out[i] = s;
  }
  return out;
}

async function loadChunk(db: Db, runs: readonly ChosenRun[]): Promise<((RunValidation & { summary: ValidationRunSummary }) | SkippedRun)[]> {
  const ids = runs.map((r) => r.id);
  const [sets, epochs] = await Promise.all([
    db.validationSet.findMany({ where: { runId: { in: ids } } }),
    db.validationEpoch.findMany({ where: { runId: { in: ids } }, select: { runId: true, epoch: true, predicted: true }, orderBy: [{ runId: 'asc' }, { epoch: 'asc' }] }),
  ]);
  const setOf = new Map(sets.map((s) => [s.runId, s]));
  const epochsOf = new Map<string, typeof epochs>();
  for (const e of epochs) {
    const list = epochsOf.get(e.runId);
    if (list) list.push(e);
    else epochsOf.set(e.runId, [e]);
  }
  const lasts = [...epochsOf.values()].map((es) => ({ runId: es[es.length - 1].runId, epoch: es[es.length - 1].epoch }));
  const confidences = lasts.length
    ? await db.validationEpoch.findMany({ where: { OR: lasts }, select: { runId: true, confidences: true } })
    : [];
  const confOf = new Map(confidences.map((c) => [c.runId, c.confidences]));
  return runs.map((run) => {
    const set = setOf.get(run.id);
    const stored = epochsOf.get(run.id) ?? [];
    const conf = confOf.get(run.id);
    if (!set || stored.length === 0 || !conf) return { id: run.id, name: run.name, why: 'no validation predictions' };
    if (!set.sourceIndices) return { id: run.id, name: run.name, why: 'its validation digits do not say which training images they are' };
    const sourceIndices = sourcesOf(set.sourceIndices, set.count);
    if (!sourceIndices) return { id: run.id, name: run.name, why: 'its training-image indices repeat or pass 59,999' };
    const f = forgetting(stored.map((e) => e.epoch), stored.map((e) => e.predicted), set.trueLabels);
    const last = stored[stored.length - 1];
    let correct = 0;
    for (let i = 0; i < set.count; i++) if (last.predicted[i] === set.trueLabels[i]) correct++;
    return {
      id: run.id,
      name: run.name,
      sourceIndices,
      trueLabels: set.trueLabels,
      lastPredicted: last.predicted,
      lastConfidences: conf,
      learnedFrom: f.learnedFrom,
      forgettingEvents: f.forgettingEvents,
      summary: { ...run, digits: set.count, lastEpoch: last.epoch, accuracy: correct / set.count },
    };
  });
}

export async function exploreValidation(db: Db, q: ValidationExplorerRequest, mnistDataDir: string | undefined): Promise<ValidationExplorer> {
  const chosen = await chosenRuns(db, q);
  const loaded: RunValidation[] = [];
  const runs: ValidationRunSummary[] = [];
  const skipped: SkippedRun[] = [];
  for (let k = 0; k < chosen.length; k += CHUNK) {
    for (const r of await loadChunk(db, chosen.slice(k, k + CHUNK))) {
      if ('why' in r) skipped.push(r);
      else {
        const { summary, ...run } = r;
        loaded.push(run);
        runs.push(summary);
      }
    }
  }
  if (loaded.length === 0) {
    const names = skipped.slice(0, 5).map((s) => s.name).join(', ') + (skipped.length > 5 ? ` and ${skipped.length - 5} more` : '');
    throw new TRPCError({ code: 'CONFLICT', message: `none of the chosen runs stored validation predictions naming their training images (${names})` });
  }
  const digits = validationStats(loaded);
  const images = await mnistTrainPixels(mnistDataDir);
  return { runs, skipped, digits, imagesNote: typeof images === 'string' ? `Pictures only of digits some run got wrong at some epoch: ${images}.` : null };
}
