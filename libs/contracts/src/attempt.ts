// A sweep trial's attempt number, the fencing token of every write an agent sends for its trial.
import { z } from 'zod';

/**
 * A sweep trial's attempt, as sweeps.nextTrial handed it out. A write that carries it is refused (409) once the
 * trial has been handed to another agent, so a slow agent never overwrites the new attempt; runs outside sweeps
 * and clients that do not know it leave it out.
 */
export const AttemptSchema = z.number().int().min(1).max(1_000_000).optional();
