-- Cheaper metric writes: a point costs one heap row and one primary-key entry, no per-row foreign-key check.

-- The foreign key to Run is checked once per inserted point (a lookup and a share lock on the run's row): measured
-- here, 11 of the 30 microseconds a point cost. The one writer inserts a run's points in the statement that updates
-- (and so locks) that run's row, so a point cannot name a missing run; deleting a run still deletes its points.
ALTER TABLE "Metric" DROP CONSTRAINT "Metric_runId_fkey";

CREATE FUNCTION "mnist_lab_delete_run_metrics"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Metric" WHERE "runId" = OLD.id;
  RETURN OLD;
END
$$;
CREATE TRIGGER "Run_delete_metrics" AFTER DELETE ON "Run" FOR EACH ROW EXECUTE FUNCTION "mnist_lab_delete_run_metrics"();

-- Points at an epoch's end, found by epoch: logEpoch's replacement of an epoch and the recomputation of a run's bests
-- read only these, and without the index both scan every point of the run's names (a write then costs O(epochs)).
-- A partial index, which Prisma's schema language cannot state (prisma/schema.prisma names it in a comment); batch
-- points inside an epoch, the bulk of the table, stay out of it. The predicate is written `epoch - floor(epoch) = 0`,
-- not `epoch = floor(epoch)`: beside `epoch = $1` the planner turns the latter into `floor(epoch) = $1`, and then no
-- longer sees that the index applies. Queries that want it repeat the predicate word for word.
CREATE INDEX "Metric_epoch_end_idx" ON "Metric" ("runId", epoch, name) WHERE epoch - floor(epoch) = 0;
