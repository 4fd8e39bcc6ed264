-- Open runs: the config is any JSON object (the trainer's hyperparameters were one kind of it), so the columns
-- copied out of it become optional; runs may record their command line and architecture.
ALTER TABLE "Run" RENAME COLUMN "hyperparams" TO "config";
ALTER TABLE "Run" ALTER COLUMN "seed" DROP NOT NULL,
ALTER COLUMN "learningRate" DROP NOT NULL,
ALTER COLUMN "batchSize" DROP NOT NULL,
ALTER COLUMN "dropout" DROP NOT NULL;
ALTER TABLE "Run" ADD COLUMN     "command" TEXT,
ADD COLUMN     "architecture" JSONB,
ADD COLUMN     "family" TEXT,
ADD COLUMN     "paramCount" INTEGER;

-- Step-level metrics: a point is (run, name, step). Every stored epoch metric becomes the point at step = epoch,
-- with that epoch on the epoch axis, so existing runs draw as they did.
ALTER TABLE "Metric" ADD COLUMN "step" INTEGER;
UPDATE "Metric" SET "step" = "epoch";
ALTER TABLE "Metric" ALTER COLUMN "step" SET NOT NULL;
ALTER TABLE "Metric" DROP CONSTRAINT "Metric_pkey";
ALTER TABLE "Metric" ALTER COLUMN "epoch" TYPE DOUBLE PRECISION,
ALTER COLUMN "epoch" DROP NOT NULL;
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_pkey" PRIMARY KEY ("runId", "name", "step");
