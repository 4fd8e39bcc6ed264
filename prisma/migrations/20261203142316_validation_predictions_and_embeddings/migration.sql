-- CreateTable
CREATE TABLE "ValidationSet" (
    "runId" UUID NOT NULL,
    "count" INTEGER NOT NULL,
    "trueLabels" BYTEA NOT NULL,
    "sourceIndices" BYTEA,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ValidationSet_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "ValidationEpoch" (
    "runId" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "predicted" BYTEA NOT NULL,
    "confidences" BYTEA NOT NULL,
    "correct" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ValidationEpoch_pkey" PRIMARY KEY ("runId","epoch")
);

-- CreateTable
CREATE TABLE "ValidationDigit" (
    "runId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "pixels" BYTEA NOT NULL,

    CONSTRAINT "ValidationDigit_pkey" PRIMARY KEY ("runId","index")
);

-- CreateTable
CREATE TABLE "TestEmbedding" (
    "runId" UUID NOT NULL,
    "layer" TEXT NOT NULL,
    "originalWidth" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "projection" JSONB,
    "count" INTEGER NOT NULL,
    "values" BYTEA NOT NULL,
    "scales" BYTEA NOT NULL,
    "offsets" BYTEA NOT NULL,
    "trueLabels" BYTEA NOT NULL,
    "predictedLabels" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestEmbedding_pkey" PRIMARY KEY ("runId")
);

-- AddForeignKey
ALTER TABLE "ValidationSet" ADD CONSTRAINT "ValidationSet_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ValidationEpoch" ADD CONSTRAINT "ValidationEpoch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ValidationDigit" ADD CONSTRAINT "ValidationDigit_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestEmbedding" ADD CONSTRAINT "TestEmbedding_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

