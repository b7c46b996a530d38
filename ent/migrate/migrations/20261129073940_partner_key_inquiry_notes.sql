-- Modify "inquiries" table
ALTER TABLE "inquiries" ADD COLUMN "notes" text NOT NULL DEFAULT '';
-- Modify "partners" table
ALTER TABLE "partners" ADD COLUMN "key" character varying NULL;
-- Create index "partners_key_key" to table: "partners"
CREATE UNIQUE INDEX "partners_key_key" ON "partners" ("key");
