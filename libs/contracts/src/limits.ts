// Bounds the server and its clients agree on, so a client splits its work before the server has to refuse it.
import { z } from 'zod';

/** Procedure calls one batched /api/trpc request may carry; the dashboard's batch link splits at the same number. */
export const API_MAX_BATCH_SIZE = 50;

/** A named token's name: what `mnist-lab token create --name` takes and each run it writes records. */
export const TokenNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'token names are 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
