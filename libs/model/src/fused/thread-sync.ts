// The fused engines' threads wait for each other on words of shared memory (the MLP's chunks done, the CNN's barrier,
// a helper's mailbox): spinning first, since a batch-32 step is ~150 us a thread and a sleep and its wake-up cost
// hundreds of microseconds in this VM (sleeping after ~25 us of spinning trained 14k samples/s at batch 32, against
// 218k spinning); then sleeping in short waits, so that on a busy machine, where the partner may be descheduled, the
// core goes to someone else soon (2 ms of spinning first made two threads 2.4x slower there than 0.2 ms).

/** Word offsets of a barrier's state: arrivals, generation, and a failure flag any thread may raise. */
const ARRIVALS = 0;
const GENERATION = 1;
const FAILED = 2;
export const SYNC_WORDS = 4;
/** How long a thread spins before it sleeps, ms: longer than the usual imbalance between two threads' shares. */
const SPIN_MS = 0.2;
/** A sleep's length, ms (Atomics.notify ends it early): short, so a failure is noticed soon. */
const NAP_MS = 1;

/**
 * Spins on words[at] while it equals `value`, then sleeps on it (napMs at a time, or until notified when null);
 * throws when words[failedAt] rises.
 */
export function waitWhile(words: Int32Array, at: number, value: number, failedAt: number | null = null, napMs: number | null = NAP_MS): void {
  let deadline = 0;
  for (let spins = 1; Atomics.load(words, at) === value; spins++) {
    if ((spins & 1023) !== 0) continue;
    if (failedAt !== null && Atomics.load(words, failedAt) !== 0) throw new Error('a training thread failed (its error is in the log)');
    const now = performance.now();
    if (deadline === 0) deadline = now + SPIN_MS;
    else if (now > deadline) Atomics.wait(words, at, value, napMs ?? undefined);
  }
}

export class ThreadSync {
  /** `words`: SYNC_WORDS Int32s of shared memory, zero at first, the same words for every thread of an engine. */
  constructor(private readonly words: Int32Array, readonly threads: number) {}

  /** Returns once every thread has arrived; a no-op for one thread. */
  barrier(): void {
    if (this.threads === 1) return;
    const words = this.words;
    const generation = Atomics.load(words, GENERATION);
    if (Atomics.add(words, ARRIVALS, 1) === this.threads - 1) {
      Atomics.store(words, ARRIVALS, 0);
      Atomics.add(words, GENERATION, 1);
      Atomics.notify(words, GENERATION);
      return;
    }
    waitWhile(words, GENERATION, generation, FAILED);
  }

  /** Raised by a thread whose step threw: the others' barriers then throw instead of waiting forever. */
  fail(): void {
    Atomics.store(this.words, FAILED, 1);
    Atomics.notify(this.words, GENERATION);
  }
}
