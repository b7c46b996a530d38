-- Modify "audit_entries" table
ALTER TABLE "audit_entries" ADD COLUMN "count" bigint NOT NULL DEFAULT 1;
