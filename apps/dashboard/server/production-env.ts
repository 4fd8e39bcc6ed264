// Imported first by start.ts: Next.js and React choose their production code paths from NODE_ENV when they load.
// Next's types declare NODE_ENV read-only (next/types/global.d.ts), yet a custom server must set it before loading Next.
Object.assign(process.env, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
