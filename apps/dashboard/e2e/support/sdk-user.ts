// A training script as a user writes one, logging through @mnist-lab/client: the browser tests run it as a child process.
// argv: <name> <steps> [hang | until-killed]: logs `steps` batch points and an epoch summary every 100 steps, with a
// pause halfway, then finishes with test answers (right on every digit but every 50th); with `hang` it never ends, with
// `until-killed` it logs batch points without end (both to be killed).
import { setTimeout as sleep } from 'node:timers/promises';
import { evaluateMnistTest, init } from '@mnist-lab/client';

const [name, stepsArg, mode] = process.argv.slice(2);
const steps = Number(stepsArg);
const run = await init({ name, config: { script: 'sdk-user', optimizer: { name: 'adam', lr: 0.001 }, steps }, backend: 'node-script' });
console.log(`run ${run.id}`);
if (mode === 'until-killed') {
  // Logs until killed, saying every 2,000 steps how far it got once that much is surely in the spool: after a pause
  // longer than the buffer's 250 ms, whatever it held has been sealed and written.
  for (let step = 1; ; step++) {
    run.log({ 'batch/loss': 1 / step }, { step, epoch: step / 100 });
    if (step % 2_000 === 0) {
      await sleep(400);
      console.log(`spooled ${step}`);
    }
  }
}
for (let step = 1; step <= steps; step++) {
  run.log({ 'batch/loss': 1 / step }, { step, epoch: step / 100 });
  if (step % 100 === 0) run.log({ loss: 1 / step, val_loss: 1.5 / step, val_accuracy: 1 - 1 / step }, { step, epoch: step / 100 });
  // Halfway, the script trains for a while: a server that was down has time to come back.
  if (step === Math.floor(steps / 2)) await sleep(2_000);
}
if (mode === 'hang') {
  await run.flush(30_000);
  console.log('logged; hanging');
  await sleep(600_000);
}
// A deliberately crude classifier (ink per digit, binned): what matters is that the server derives what it computed.
const test = await evaluateMnistTest((batch: Float32Array, n: number) => {
  const logits = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) {
    let ink = 0;
    for (let p = 0; p < 784; p++) ink += batch[i * 784 + p];
    const bin = Math.min(9, Math.floor(ink / 20));
    for (let c = 0; c < 10; c++) logits[i * 10 + c] = -Math.abs(bin - c);
  }
  return logits;
});
console.log(`test accuracy ${test.accuracy} errors ${Math.round((1 - test.accuracy) * 10_000)}`);
const end = await run.finish({ test });
console.log(`end ${end.status} left ${end.left}`);
