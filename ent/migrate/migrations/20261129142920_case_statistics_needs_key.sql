-- Modify "case_files" table
ALTER TABLE "case_files" ADD COLUMN "support_needs_key" character varying NULL;
-- Fill in the key of the support needs of the cases written before, as the case's hook writes it (ent/schema/casestats.go): each need once, in order, as a JSON array
UPDATE "case_files" AS c SET "support_needs_key" = (
  SELECT '[' || COALESCE(string_agg(to_json(d.value)::text, ',' ORDER BY d.value COLLATE "C"), '') || ']'
  FROM (SELECT DISTINCT need.value FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c."support_needs") = 'array'
    THEN c."support_needs" ELSE '[]'::jsonb END) AS need(value)) AS d);
-- Create index "casefile_support_needs_key" to table: "case_files"
CREATE INDEX "casefile_support_needs_key" ON "case_files" ("support_needs_key");
-- Fresh statistics for the planner on the rewritten table
ANALYZE "case_files";
