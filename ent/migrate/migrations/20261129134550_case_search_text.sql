-- Modify "case_files" table
ALTER TABLE "case_files" ADD COLUMN "search_text" character varying NOT NULL DEFAULT '';
-- Create index "casefile_search_text" to table: "case_files"
CREATE INDEX "casefile_search_text" ON "case_files" USING gin ("search_text" gin_trgm_ops);
