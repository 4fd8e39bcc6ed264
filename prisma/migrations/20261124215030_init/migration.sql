-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'finished', 'failed', 'crashed', 'stopped');

-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('running', 'finished', 'stopped', 'failed');

-- CreateTable
CREATE TABLE "Sweep" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'running',
    "maxTrials" INTEGER NOT NULL,
    "bestRunId" UUID,
    "bestValue" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'running',
    "sweepId" UUID,
    "hyperparams" JSONB NOT NULL,
    "backend" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "host" TEXT,
    "gitCommit" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notes" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER,
    "learningRate" DOUBLE PRECISION NOT NULL,
    "batchSize" INTEGER NOT NULL,
    "dropout" DOUBLE PRECISION NOT NULL,
    "lastEpoch" INTEGER NOT NULL DEFAULT 0,
    "bestValAccuracy" DOUBLE PRECISION,
    "bestValLoss" DOUBLE PRECISION,
    "bestEpoch" INTEGER,
    "stoppedEarly" BOOLEAN,
    "testLoss" DOUBLE PRECISION,
    "testAccuracy" DOUBLE PRECISION,
    "misclassifiedCount" INTEGER,
    "confusionMatrix" JSONB,
    "testPredictions" BYTEA,
    "testConfidences" BYTEA,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Metric" (
    "runId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("runId","name","epoch")
);

-- CreateTable
CREATE TABLE "MisclassifiedDigit" (
    "runId" UUID NOT NULL,
    "testIndex" INTEGER NOT NULL,
    "trueLabel" SMALLINT NOT NULL,
    "predictedLabel" SMALLINT NOT NULL,
    "confidence" REAL NOT NULL,
    "probabilities" REAL[],
    "pixels" BYTEA NOT NULL,

    CONSTRAINT "MisclassifiedDigit_pkey" PRIMARY KEY ("runId","testIndex")
);

-- CreateTable
CREATE TABLE "ModelArtifact" (
    "runId" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "modelJson" JSONB NOT NULL,
    "weights" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelArtifact_pkey" PRIMARY KEY ("runId")
);

-- CreateIndex
CREATE INDEX "Sweep_createdAt_idx" ON "Sweep"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_startedAt_idx" ON "Run"("startedAt" DESC);

-- CreateIndex
CREATE INDEX "Run_status_startedAt_idx" ON "Run"("status", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Run_sweepId_startedAt_idx" ON "Run"("sweepId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Run_testAccuracy_idx" ON "Run"("testAccuracy");

-- CreateIndex
CREATE INDEX "Run_bestValAccuracy_idx" ON "Run"("bestValAccuracy");

-- CreateIndex
CREATE INDEX "Run_heartbeatAt_idx" ON "Run"("heartbeatAt");

-- CreateIndex
CREATE INDEX "Run_tags_idx" ON "Run" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "MisclassifiedDigit_runId_trueLabel_predictedLabel_idx" ON "MisclassifiedDigit"("runId", "trueLabel", "predictedLabel");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MisclassifiedDigit" ADD CONSTRAINT "MisclassifiedDigit_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelArtifact" ADD CONSTRAINT "ModelArtifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

