// `mnist-lab train`: loads MNIST, trains, evaluates on the test set, writes the run folder and logs it all to the server.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Env } from '@mnist-lab/metrics';
import { head } from '@mnist-lab/data';
import type { EpochResult, TrainedModel } from '@mnist-lab/model';
import { resolveBackend, train } from '@mnist-lab/model';
import { Tracker } from '../tracking/tracker';
import { resolveToken, serverClient, trpcTransport } from '../tracking/trpc-transport';
import { UsageError } from '../usage-error';
import { loadSplitMnist } from './data-cache';
import { ProgressPrinter } from './progress';
import { writeRunFolder, type RunSummary } from './run-folder';
import { buildTestReport, formatConfusionMatrix } from './test-report';
import type { TrainOptions } from './train-options';
import { finishPayload } from './finish-payload';

export interface TrainOutcome {
  exitCode: number;
  runId: string;
  outDir: string;
  stopReason: string;
  testAccuracy?: number;
}

/** What a sweep agent adds to a plain run: the trial's run id (assigned by the server), its sweep, and pruning. */
export interface TrialHooks {
  runId: string;
  sweepId: string;
  /** Asked after each epoch's metrics are logged; true stops the trial as pruned. */
  shouldPrune?(epoch: number): Promise<boolean>;
  /** The agent was told to stop (possibly while the data loaded, before this run listened for SIGINT): stop as Ctrl-C would. */
  stop?: AbortSignal;
}

function gitCommit(): string | undefined {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export async function runTrain(
  opts: TrainOptions,
  env: Env,
  out: NodeJS.WriteStream = process.stdout,
  trial?: TrialHooks,
): Promise<TrainOutcome> {
  const log = (line: string) => out.write(`${line}\n`);
  const hp = opts.hyperparams;
  const backend = await resolveBackend(opts.backend).catch((e: Error) => {
    throw new UsageError(`--backend ${opts.backend}: ${e.message}`);
  });
  const runId = trial?.runId ?? randomUUID();
  const outDir = path.resolve(opts.out ?? path.join(env.home, 'runs', opts.name));
  const server = opts.server ?? env.server;
  log(`mnist-lab train: run ${opts.name} (${runId})`);
  log(`backend: ${backend}${opts.backend === 'auto' ? ' (auto)' : ''} · seed ${hp.seed} · output ${outDir}`);

  const t0 = Date.now();
  const { split, test } = await loadSplitMnist(env.mnistDataDir, hp.validationSplit, hp.seed);
  const trainSet = hp.trainLimit && hp.trainLimit < split.train.count ? head(split.train, hp.trainLimit) : split.train;
  log(`data: ${trainSet.count} train / ${split.validation.count} validation / ${test.count} test images (${Date.now() - t0} ms)`);

  const tracker = new Tracker({
    runId,
    spoolDir: path.join(env.home, 'spool'),
    transport: opts.offline ? undefined : trpcTransport(serverClient(server, resolveToken(env.token, env.home))),
    log,
  });
  log(opts.offline ? `tracking: offline; events spooled to ${tracker.spoolFile} (upload with \`mnist-lab sync\`)` : `tracking: ${server}/runs/${runId}`);
  const startedAt = new Date();
  tracker.enqueue({
    kind: 'create',
    payload: {
      id: runId,
      name: opts.name,
      hyperparams: hp,
      backend,
      host: hostname(),
      gitCommit: gitCommit(),
      tags: opts.tags,
      notes: opts.notes,
      sweepId: trial?.sweepId,
      startedAt: startedAt.toISOString(),
    },
  });

  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    log('\ninterrupted: stopping after this batch (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const onStop = () => abort.abort();
  if (trial?.stop?.aborted) abort.abort();
  trial?.stop?.addEventListener('abort', onStop, { once: true });

  const progress = new ProgressPrinter(out, hp.epochs, !opts.quiet && Boolean(out.isTTY));
  const history: EpochResult[] = [];
  let model: TrainedModel | undefined;
  const summary = (): RunSummary => ({
    runId,
    name: opts.name,
    hyperparams: hp,
    backend,
    seed: hp.seed,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    stopReason: model?.stopReason ?? 'failed',
    bestEpoch: model?.bestEpoch ?? 0,
    history,
  });
  try {
    let bestValLoss = Infinity;
    let prune = false;
    model = await train({
      hparams: hp,
      backend,
      train: trainSet,
      validation: split.validation,
      signal: abort.signal,
      onBatchEnd: (p) => progress.batch(p),
      onEpochEnd: async (e) => {
        history.push(e);
        const improved = e.val_loss < bestValLoss;
        bestValLoss = Math.min(bestValLoss, e.val_loss);
        progress.epoch(e, improved ? '*' : undefined);
        const { epoch, ...metrics } = e;
        tracker.enqueue({ kind: 'epoch', payload: { runId, epoch, metrics, at: new Date().toISOString() } });
        if (trial?.shouldPrune) {
          // The server decides against the other trials' curves, so this epoch must reach it first.
          await tracker.flush(10_000);
          prune = await trial.shouldPrune(epoch).catch(() => false);
          if (prune) log(`pruned: this trial is behind the sweep's median at epoch ${epoch}`);
        }
      },
      shouldStop: () => prune,
    });
  } catch (e) {
    const message = (e as Error).message;
    tracker.enqueue({ kind: 'end', payload: { runId, status: 'failed', error: message.slice(0, 10_000), endedAt: new Date().toISOString() } });
    await tracker.close(5_000);
    await writeRunFolder(outDir, summary(), undefined, undefined, undefined);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    trial?.stop?.removeEventListener('abort', onStop);
  }

  if (model.stopReason === 'aborted') {
    tracker.enqueue({ kind: 'end', payload: { runId, status: 'stopped', endedAt: new Date().toISOString() } });
    const left = await tracker.close(5_000);
    await writeRunFolder(outDir, summary(), undefined, undefined, undefined);
    log(`stopped after ${history.length} epochs; summary in ${outDir}${left ? `; ${left} events spooled (run \`mnist-lab sync\`)` : ''}`);
    model.dispose();
    return { exitCode: 130, runId, outDir, stopReason: 'aborted' };
  }

  if (model.stopReason === 'early-stopping') {
    log(`early stopping: val_loss did not improve for ${hp.earlyStoppingPatience} epochs; best epoch ${model.bestEpoch}${hp.restoreBestWeights ? ' (weights restored)' : ''}`);
  }
  const ev = model.evaluate(test);
  const report = buildTestReport(test, ev);
  const confidences = new Float32Array(test.count);
  for (let i = 0; i < test.count; i++) confidences[i] = ev.probabilities[i * 10 + ev.predictions[i]];

  log('');
  log(`test loss ${report.loss.toFixed(4)} · test accuracy ${(report.accuracy * 100).toFixed(2)}% · misclassified ${report.misclassifiedCount} of ${report.count}`);
  log('confusion matrix (rows: true digit, columns: predicted digit)');
  log(formatConfusionMatrix(report.confusionMatrix));

  const s = { ...summary(), test: report };
  const files = await writeRunFolder(outDir, s, model, test, { labels: ev.predictions, confidences });
  tracker.enqueue({
    kind: 'finish',
    payload: await finishPayload(runId, report, test, ev.predictions, confidences, model),
  });
  const left = await tracker.close();
  model.dispose();
  log('');
  log(`run folder: ${outDir}`);
  log(`  summary  ${path.relative(outDir, files.summary)}   model  ${files.model ? path.relative(outDir, files.model) + '/' : '-'}   pictures  loss.svg, samples.svg`);
  if (opts.offline || left > 0) log(`${left} events spooled; upload them with \`mnist-lab sync\``);
  else log(`logged to ${server}/runs/${runId}`);
  return { exitCode: 0, runId, outDir, stopReason: model.stopReason, testAccuracy: report.accuracy };
}
