// Wakes agents held by sweeps.nextTrial when their sweep changes, whichever server process the change went through.
import { EventEmitter } from 'node:events';
import { listen, type Listener } from '@mnist-lab/db';
import { SWEEP_CHANNEL } from './queue';

/**
 * A sweep's changes are announced with NOTIFY in the transaction that makes them (announceSweepChange), so every
 * server process on the database hears them once they are committed. Each process keeps one listening connection and
 * wakes its own held agents. While that connection is down, a held agent waits out its hold and asks again: slower,
 * never wrong, since the queue itself is in the rows.
 */
export class SweepSignals {
  private readonly changes = new EventEmitter().setMaxListeners(0);

  private listener?: Listener;

  /** Listens on `databaseUrl`; `log` gets one line when the connection is lost and one when it is back. */
  static async start(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<SweepSignals> {
    const signals = new SweepSignals();
    signals.listener = await listen(databaseUrl, SWEEP_CHANNEL, {
      onNotify: (sweepId) => signals.changes.emit(sweepId),
      // Whatever was announced while the connection was down went unheard: wake everyone to look again.
      onListening: () => signals.changes.emit('*'),
      log: (line) => log(`sweep signals: ${line}`),
    });
    return signals;
  }

  /** Without a database connection of its own: held agents wait out their hold (tests of other parts, `next dev`). */
  static none(): SweepSignals {
    return new SweepSignals();
  }

  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Settles at the sweep's next announced change, or after `ms`; `cancel` lets go of it early. */
  nextChange(sweepId: string, ms: number): { settled: Promise<void>; cancel(): void } {
    let cancel = () => undefined as void;
    const settled = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.changes.off(sweepId, done);
        this.changes.off('*', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.changes.on(sweepId, done);
      this.changes.on('*', done);
      cancel = done;
    });
    return { settled, cancel };
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
  }
}
