// `mnist-lab train`: loads MNIST, trains, evaluates on the test set, writes the run folder and logs it all through one Run.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { init, type Run, type RunConfig, type RunEnd } from '@mnist-lab/client';
import type { Env } from '@mnist-lab/contracts';
import { head, type MnistSet } from '@mnist-lab/data';
import type { EpochResult, Evaluation, TrainedModel } from '@mnist-lab/model';
import { layerTable, resolveBackend, train } from '@mnist-lab/model';
import { cliToken } from '../server-client';
import { UsageError } from '../usage-error';
import { loadSplitMnist } from './data-cache';
import { ProgressPrinter } from './progress';
import { writeRunFolder, type RunFiles, type RunSummary } from './run-folder';
import { buildTestReport, formatConfusionMatrix, type TestReport } from './test-report';
import type { TrainOptions } from './train-options';

export interface TrainOutcome {
  exitCode: number;
  runId: string;
  outDir: string;
  stopReason: string;
  testAccuracy?: number;
  /** What summary.json holds. */
  summary: RunSummary;
  summaryFile?: string;
  /** The run's page on the tracking server, and what of its events did not reach it. */
  url: string;
  offline: boolean;
  end: RunEnd;
}

/** What a sweep agent adds to a plain run: the trial's run id (assigned by the server), its sweep, and pruning. */
export interface TrialHooks {
  runId: string;
  sweepId: string;
  /** The trial's attempt as the server handed it out: the run's every write carries it (fencing). */
  attempt?: number;
  /** The sweep's lease: the run's one heartbeat loop beats at least this often. */
  heartbeatMs?: number;
  /** Asked after each epoch's metrics are logged; true stops the trial as pruned. */
  shouldPrune?(epoch: number): Promise<boolean>;
  /** The agent was told to stop (possibly while the data loaded, before the run listened for signals): stop as Ctrl-C would. */
  stop?: AbortSignal;
}

/** A trained model's answers on the test set, and what the run uploads of it. */
interface Tested {
  report: TestReport;
  ev: Evaluation;
  confidences: Float32Array;
  /** The test digits' true labels, for the embedding record. */
  testLabels: Uint8Array;
  artifacts: Awaited<ReturnType<TrainedModel['toTfjsArtifacts']>>;
}

async function testModel(model: TrainedModel, test: MnistSet, log: (line: string) => void): Promise<Tested> {
  // The last hidden layer's output comes from the same forward pass, for the run page's embedding map.
  const ev = model.evaluate(test, { hidden: true });
  const report = buildTestReport(test, ev);
  const confidences = new Float32Array(test.count);
  for (let i = 0; i < test.count; i++) confidences[i] = ev.probabilities[i * 10 + ev.predictions[i]];
  log('');
  log(`test loss ${report.loss.toFixed(4)} · test accuracy ${(report.accuracy * 100).toFixed(2)}% · misclassified ${report.misclassifiedCount} of ${report.count}`);
  log('confusion matrix (rows: true digit, columns: predicted digit)');
  log(formatConfusionMatrix(report.confusionMatrix));
  return { report, ev, confidences, testLabels: test.labels, artifacts: await model.toTfjsArtifacts() };
}

/** Ends the run once, whichever way training went: failed, stopped (Ctrl-C, the agent), or finished with its test answers. */
async function endRun(run: Run, failure: unknown, model: TrainedModel | undefined, tested: Tested | undefined) {
  if (failure !== undefined) return run.fail(failure);
  if (!model || !tested) return run.stop();
  const { ev, confidences, artifacts } = tested;
  const { hidden } = ev;
  return run
    .finish({
      test: { labels: ev.predictions, confidences, probabilities: ev.probabilities, loss: ev.loss },
      ...(hidden ? { embedding: { layer: hidden.name, activations: hidden.activations, width: hidden.width, labels: tested.testLabels } } : {}),
      model: artifacts,
      bestEpoch: model.bestEpoch || undefined,
      stoppedEarly: model.stopReason === 'early-stopping',
    })
    .catch(async (e: unknown) => {
      await run.fail(e);
      throw e;
    });
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
  log(`mnist-lab train: run ${opts.name} (${runId})`);
  // Only the fused engine splits a batch over threads.
  const threads = backend === 'fused' ? (opts.threads ?? env.threads ?? availableParallelism()) : 1;
  log(`backend: ${backend}${opts.backend === 'auto' ? ' (auto)' : ''}${backend === 'fused' ? ` · ${threads} thread${threads === 1 ? '' : 's'}` : ''} · seed ${hp.seed} · output ${outDir}`);

  const t0 = Date.now();
  const { split, test } = await loadSplitMnist(env.mnistDataDir, hp.validationSplit, hp.seed);
  const trainSet = hp.trainLimit && hp.trainLimit < split.train.count ? head(split.train, hp.trainLimit) : split.train;
  log(`data: ${trainSet.count} train / ${split.validation.count} validation / ${test.count} test images (${Date.now() - t0} ms)`);

  const run = await init({
    id: runId,
    name: opts.name,
    // The effective hyperparameters, every default filled in: what this run trained with (JSON drops the unset trainLimit).
    config: JSON.parse(JSON.stringify(hp)) as RunConfig,
    architecture: layerTable(hp),
    backend,
    tags: opts.tags,
    notes: opts.notes,
    sweepId: trial?.sweepId,
    attempt: trial?.attempt,
    server: opts.server ?? env.server,
    token: cliToken(env),
    offline: opts.offline,
    spoolDir: path.join(env.home, 'spool'),
    command: ['mnist-lab', ...process.argv.slice(2)],
    heartbeatMs: trial?.heartbeatMs === undefined ? undefined : Math.min(2_000, trial.heartbeatMs),
    // The training loop stops after its batch and the run ends below, after the run folder is written.
    interrupt: 'abort',
    log,
  });

  const abort = new AbortController();
  const onInterrupt = () => {
    log('\ninterrupted: stopping after this batch (Ctrl-C again to quit at once)');
    abort.abort();
  };
  const onStop = () => abort.abort();
  run.signal.addEventListener('abort', onInterrupt, { once: true });
  if (trial?.stop?.aborted) abort.abort();
  trial?.stop?.addEventListener('abort', onStop, { once: true });

  const progress = new ProgressPrinter(out, hp.epochs, !opts.quiet && Boolean(out.isTTY));
  const batchesPerEpoch = Math.ceil(trainSet.count / hp.batchSize);
  const logEvery = opts.logEvery ?? Math.ceil(batchesPerEpoch / 50);
  const history: EpochResult[] = [];
  const startedAt = new Date();
  let model: TrainedModel | undefined;
  let tested: Tested | undefined;
  let failure: unknown;
  let files: RunFiles | undefined;
  let written: RunSummary | undefined;
  const summary = (): RunSummary => ({
    runId,
    name: opts.name,
    hyperparams: hp,
    backend,
    threads,
    seed: hp.seed,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    stopReason: failure !== undefined ? 'failed' : (model?.stopReason ?? 'failed'),
    bestEpoch: model?.bestEpoch ?? 0,
    history,
    ...(tested ? { test: tested.report } : {}),
  });
  try {
    let bestValLoss = Infinity;
    let prune = false;
    /** Batches trained so far, over all epochs: the step of every point. */
    let step = 0;
    const val = split.validation;
    model = await train({
      hparams: hp,
      backend,
      threads,
      train: trainSet,
      validation: split.validation,
      signal: abort.signal,
      onBatchEnd: (p) => {
        step++;
        progress.batch(p);
        if (logEvery > 0 && p.batch % logEvery === 0) {
          run.log({ 'batch/loss': p.loss, 'batch/accuracy': p.accuracy }, { step, epoch: p.epoch - 1 + p.batch / p.batches });
        }
      },
      onEpochEnd: async (e, answers) => {
        history.push(e);
        const improved = e.val_loss < bestValLoss;
        bestValLoss = Math.min(bestValLoss, e.val_loss);
        progress.epoch(e, improved ? '*' : undefined);
        const { epoch, ...metrics } = e;
        run.log(metrics, { epoch, step });
        // The answers val_loss and val_accuracy were computed from: the run page's per-epoch view of every digit.
        run.logValidationPredictions(epoch, { labels: val.labels, predictions: answers.predictions, confidences: answers.confidences, pixels: val.pixels, sourceIndices: val.indices });
        if (trial?.shouldPrune) {
          // The server decides against the other trials' curves, so this epoch must reach it first.
          await run.flush(10_000);
          prune = await trial.shouldPrune(epoch).catch(() => false);
          if (prune) log(`pruned: this trial is behind the sweep's median at epoch ${epoch}`);
        }
      },
      shouldStop: () => prune,
    });
    if (model.stopReason === 'early-stopping') {
      log(`early stopping: val_loss did not improve for ${hp.earlyStoppingPatience} epochs; best epoch ${model.bestEpoch}${hp.restoreBestWeights ? ' (weights restored)' : ''}`);
    }
    // A Ctrl-C after the last batch still stops the run rather than testing it.
    if (model.stopReason !== 'aborted' && !abort.signal.aborted) tested = await testModel(model, test, log);
  } catch (e) {
    failure = e;
  } finally {
    run.signal.removeEventListener('abort', onInterrupt);
    trial?.stop?.removeEventListener('abort', onStop);
    // One folder however training ended: the summary always; the model and the sample digits when it was tested.
    written = summary();
    files = await writeRunFolder(outDir, written, tested ? model : undefined, test, tested ? { labels: tested.ev.predictions, confidences: tested.confidences } : undefined).catch(
      (e: unknown) => {
        failure ??= e;
        return undefined;
      },
    );
  }

  if (failure === undefined && tested && files) {
    log('');
    log(`run folder: ${outDir}`);
    log(`  summary  ${path.relative(outDir, files.summary)}   model  ${files.model ? path.relative(outDir, files.model) + '/' : '-'}   pictures  loss.svg, samples.svg`);
  } else if (failure === undefined) {
    log(`stopped after ${history.length} epochs; summary in ${outDir}`);
  }
  // The run's own last line follows: where it is logged, or how many events wait in the spool for `mnist-lab sync`.
  const end = await endRun(run, failure, model, tested).finally(() => model?.dispose());
  if (failure !== undefined) throw failure;
  const ended = { runId, outDir, summary: written ?? summary(), summaryFile: files?.summary, url: run.url, offline: run.offline, end };
  if (!model || !tested) return { ...ended, exitCode: 130, stopReason: 'aborted' };
  return { ...ended, exitCode: 0, stopReason: model.stopReason, testAccuracy: tested.report.accuracy };
}
