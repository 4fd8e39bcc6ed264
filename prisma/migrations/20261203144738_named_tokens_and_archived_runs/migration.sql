-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "archivedAt" TIMESTAMPTZ(3),
ADD COLUMN     "tokenName" TEXT;

-- CreateTable
CREATE TABLE "ApiToken" (
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

