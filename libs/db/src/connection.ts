// Plain pg connections for the store's own work (migrations, databases), with errors that name the server and the fix.
import pg from 'pg';

/** `host:port/database` of a PostgreSQL URL, without the password, for messages and `Store.location`. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `${host}:${parsed.port || '5432'}${decodeURIComponent(parsed.pathname) || '/'}`;
  } catch {
    return 'an unparsable PostgreSQL URL';
  }
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Connects a single client; rejects with one line saying what is wrong with the server or the URL. */
export async function connectClient(url: string, timeoutMs = 5000): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // An idle client whose server goes away (DROP DATABASE ... WITH (FORCE), shutdown) emits 'error';
  // unhandled, that event would crash the process: https://node-postgres.com/apis/client#error
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(connectionErrorMessage(url, error));
  }
}

export function connectionErrorMessage(url: string, error: unknown): string {
  const where = describeUrl(url);
  const server = where.slice(0, where.indexOf('/'));
  const { code, message } = error as { code?: string; message?: string };
  const database = where.slice(where.indexOf('/') + 1);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${server} (${code}): start it, or fix the host and port in the URL`;
    case '3D000':
      return `database "${database}" does not exist on ${server}: create it (createdb ${database}) or fix the URL`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${server} rejected the login (${code}): fix the user and password in the URL`;
    case '57P03':
      return `PostgreSQL at ${server} is starting up or shutting down: try again in a moment`;
    default:
      if (message?.includes('timeout')) {
        return `cannot reach PostgreSQL at ${server} (no answer in time): start it, or fix the host and port in the URL`;
      }
      return `cannot connect to PostgreSQL at ${where}: ${firstLine(message ?? String(error))}`;
  }
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0].trim();
}

/** PostgreSQL's SQLSTATE of a failed query, if it has one. */
export function sqlState(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
