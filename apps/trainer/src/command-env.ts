// The environment, parsed when a command first needs it: `--help`, `--version` and completion work whatever it
// holds (`PORT=abc mnist-lab --help`), and a command that needs it still fails with readEnv's one-line error.
import { readEnv, type Env } from '@mnist-lab/contracts';

export class CommandEnv {
  private env?: Env;

  /** The parsed environment; throws EnvError when it is invalid. */
  get(): Env {
    this.env ??= readEnv();
    return this.env;
  }

  /** For help texts: the environment when it parses, else undefined (help then names the variables instead). */
  peek(): Env | undefined {
    try {
      return this.get();
    } catch {
      return undefined;
    }
  }

  /** The tracking server as help shows its default. */
  serverHelp(): string {
    return this.peek()?.server ?? '$MNIST_LAB_SERVER, else http://localhost:$PORT';
  }

  /** mnist-lab's home as help shows it. */
  homeHelp(): string {
    return this.peek()?.home ?? '$MNIST_LAB_HOME';
  }
}
