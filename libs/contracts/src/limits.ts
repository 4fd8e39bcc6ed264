// Bounds the server and its clients agree on, so a client splits its work before the server has to refuse it.

/** Procedure calls one batched /api/trpc request may carry; the dashboard's batch link splits at the same number. */
export const API_MAX_BATCH_SIZE = 50;
