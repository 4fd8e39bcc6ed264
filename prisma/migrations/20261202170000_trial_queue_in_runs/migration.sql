-- The sweeps' trial queue moves into the Run rows: pg-boss and its per-sweep tables are gone.

-- A trial's attempt (the fencing token every agent write carries) and how often its agents went silent.
ALTER TABLE "Run" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Run" ADD COLUMN "lostLeases" INTEGER NOT NULL DEFAULT 0;

-- What pg-boss knew that the rows did not: how often each trial was handed out and lost its agent. Its job table
-- exists only where pg-boss ran; `retry_count` counted lost leases, a handed-out job has been handed out once more.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    UPDATE "Run" r SET "lostLeases" = j.retry_count, "attempt" = j.retry_count + CASE WHEN j.state IN ('active', 'completed', 'failed') THEN 1 ELSE 0 END
    FROM pgboss.job j WHERE j.id = r.id AND j.name = 'sweep-' || r."sweepId"::text;
  END IF;
END
$$;

-- pg-boss held a stopped sweep's interrupted trials back (cancelled jobs) with their agent still named; the queue now
-- tells a held trial by its having no agent, until sweeps.resume queues it again.
UPDATE "Run" r SET "agentId" = NULL FROM "Sweep" s WHERE r."sweepId" = s.id AND s.status <> 'running' AND r.status = 'stopped';

DROP SCHEMA IF EXISTS pgboss CASCADE;

-- The queue's look-up: a sweep's waiting trials in trial order.
CREATE INDEX "Run_sweep_queue_idx" ON "Run" ("sweepId", "trialNumber") WHERE status = 'queued' AND "agentId" IS NULL;
