// `mnist-lab token create|list|revoke`: named write tokens, managed with the server's own token.
import type { Command } from 'commander';
import { TokenNameSchema } from '@mnist-lab/contracts';
import type { CommandEnv } from '../command-env';
import { printJson } from '../json-output';
import { UsageError } from '../usage-error';

function tokenName(value: string): string {
  const parsed = TokenNameSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--name ${JSON.stringify(value)}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}


const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');

export function addTokenCommands(program: Command, env: CommandEnv): void {
  const token = program.command('token').description("Named write tokens (one per person or machine), managed with the server's own token.");
  const client = async (server?: string) => {
    const e = env.get();
    const url = server ?? e.server;
    const { askServer, cliToken, serverClient } = await import('../server-client');
    const api = serverClient(url, cliToken(e));
    return { url, api, ask: <T>(call: () => Promise<T>) => askServer(url, call) };
  };

  token
    .command('create')
    .description('Create a token; it is printed once, and the server keeps only its hash.')
    .requiredOption('--name <name>', 'who or what it is for, e.g. ci or alice-laptop', tokenName)
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .option('--json', 'print {name, token} as JSON')
    .action(async (opts: { name: string; server?: string; json?: boolean }) => {
      const { api, ask } = await client(opts.server);
      const created = await ask(() => api.tokens.create.mutate({ name: opts.name }));
      if (opts.json) return printJson(created);
      console.log(`token ${created.name}: ${created.token}`);
      console.log('Shown this once: keep it somewhere safe. Use it as MNIST_LAB_TOKEN, or sign in with it on the page.');
    });

  token
    .command('list')
    .description('List the named tokens: when each was created and last used, and whether it is revoked.')
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .option('--json', 'print the list as JSON')
    .action(async (opts: { server?: string; json?: boolean }) => {
      const { api, ask } = await client(opts.server);
      const tokens = await ask(() => api.tokens.list.query());
      if (opts.json) return printJson(tokens);
      if (tokens.length === 0) return console.log('no named tokens: mnist-lab token create --name NAME makes one');
      const width = Math.max(4, ...tokens.map((t) => t.name.length));
      console.log(`${'name'.padEnd(width)}  created           last used         revoked`);
      for (const t of tokens) console.log(`${t.name.padEnd(width)}  ${when(t.createdAt).padEnd(16)}  ${when(t.lastUsedAt).padEnd(16)}  ${when(t.revokedAt)}`);
    });

  token
    .command('revoke')
    .description('Revoke a token: it stops working at once here (within 5 s on other server processes), with its page sessions.')
    .argument('<name>', 'the token to revoke', tokenName)
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .action(async (name: string, opts: { server?: string }) => {
      const { api, ask } = await client(opts.server);
      const revoked = await ask(() => api.tokens.revoke.mutate({ name }));
      console.log(`token ${revoked.name} revoked at ${when(revoked.revokedAt)}`);
    });
}
