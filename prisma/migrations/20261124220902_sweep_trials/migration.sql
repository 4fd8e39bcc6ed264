-- AlterTable
ALTER TABLE "Sweep" ADD COLUMN     "seed" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "pruned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "trialNumber" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Run_sweepId_trialNumber_key" ON "Run"("sweepId", "trialNumber");

