-- Create index "casefile_status_outcome_opened_on_arrived_on_closed_on" to table: "case_files"
CREATE INDEX "casefile_status_outcome_opened_on_arrived_on_closed_on" ON "case_files" ("status", "outcome", "opened_on", "arrived_on", "closed_on");
