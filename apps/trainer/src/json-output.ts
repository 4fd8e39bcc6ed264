// `--json`: one JSON document on stdout, and the human lines on stderr, so `mnist-lab train --json | jq` reads just the result.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
