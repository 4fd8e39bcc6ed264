// The MLP engine's threads meet at barriers on words of shared memory: spinning first (a batch-32 step is ~150 us
// a thread, and waking a sleeping thread costs tens of microseconds: sleeping after 50,000 spins, about 25 us here,
// trained 14k samples/s at batch 32 against 218k spinning), then sleeping in short waits, so a partner descheduled on
// a busy machine costs at most a couple of milliseconds of a core each time.

/** Word offsets of a barrier's state: arrivals, generation, and a failure flag any thread may raise. */
const ARRIVALS = 0;
const GENERATION = 1;
const FAILED = 2;
export const SYNC_WORDS = 4;
/** How long a thread spins before it sleeps, ms. */
const SPIN_MS = 2;
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
