// One log line per request: time, method, path, status and duration, as pino's JSON lines on stdout.
// JSON, not a human layout: the server's one thread answers every trainer's writes, and pino writes a line without
// formatting it; `jq` and log shippers read it as it is, and `npm start | npx pino-pretty` shows it to a person.
// The start banner stays plain text (startServer's log): it is read once, by a person.
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream } from 'pino';

export type RequestLog = (req: IncomingMessage, res: ServerResponse) => void;

/** Logs each request when its answer ends (or its connection closes first: `aborted`), to stdout unless told. */
export function createRequestLog(destination?: DestinationStream): RequestLog {
  const logger = pino(
    {
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      // The path without its query: queries hold filters, not what a request log is read for.
      const path = (req.url ?? '/').split('?', 1)[0];
      const line = { id: req.headers['x-request-id'], method: req.method, path, status: res.statusCode, ms };
      logger.info(res.writableFinished ? line : { ...line, aborted: true });
    });
  };
}
