-- Create index "casefile_outcome_status_arrived_on_closed_on_opened_on" to table: "case_files"
CREATE INDEX "casefile_outcome_status_arrived_on_closed_on_opened_on" ON "case_files" ("outcome", "status", "arrived_on", "closed_on", "opened_on");
