-- Modify "guide_articles" table
ALTER TABLE "guide_articles" ADD COLUMN "reviewed_at" date NULL, ADD COLUMN "figures_for" bigint NULL, ADD COLUMN "valid_until" date NULL, ADD COLUMN "sources" jsonb NULL;
