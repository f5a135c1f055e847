-- +goose Up
-- The figures of the national evaluation in the reports' rollups (docs/reports.md): per
-- resource-day and per stored period, the quota minutes (定额机时 pro rata per local day) and
-- the income internal and external (fen, by the local day a charge occurred); per stored period
-- of a facility, consortium and the city, the tech platform's service requests and the training
-- base's sessions. The two medians and the distinct counts are computed per stored period, not
-- summed.
ALTER TABLE report_resource_days ADD COLUMN quota_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_resource_days ADD COLUMN income_internal_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_resource_days ADD COLUMN income_external_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN quota_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN income_internal_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN income_external_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_delivered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_on_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_overdue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN first_response_median_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN turnaround_median_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN sessions_held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN seats_offered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN seats_filled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN attended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN results INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN passed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN people_trained INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN smes_served INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE report_rollups DROP COLUMN smes_served;
ALTER TABLE report_rollups DROP COLUMN people_trained;
ALTER TABLE report_rollups DROP COLUMN passed;
ALTER TABLE report_rollups DROP COLUMN results;
ALTER TABLE report_rollups DROP COLUMN attended;
ALTER TABLE report_rollups DROP COLUMN seats_filled;
ALTER TABLE report_rollups DROP COLUMN seats_offered;
ALTER TABLE report_rollups DROP COLUMN sessions_held;
ALTER TABLE report_rollups DROP COLUMN rating_sum;
ALTER TABLE report_rollups DROP COLUMN ratings;
ALTER TABLE report_rollups DROP COLUMN turnaround_median_minutes;
ALTER TABLE report_rollups DROP COLUMN first_response_median_minutes;
ALTER TABLE report_rollups DROP COLUMN requests_overdue;
ALTER TABLE report_rollups DROP COLUMN requests_on_time;
ALTER TABLE report_rollups DROP COLUMN requests_delivered;
ALTER TABLE report_rollups DROP COLUMN requests_received;
ALTER TABLE report_rollups DROP COLUMN income_external_fen;
ALTER TABLE report_rollups DROP COLUMN income_internal_fen;
ALTER TABLE report_rollups DROP COLUMN quota_minutes;
ALTER TABLE report_resource_days DROP COLUMN income_external_fen;
ALTER TABLE report_resource_days DROP COLUMN income_internal_fen;
ALTER TABLE report_resource_days DROP COLUMN quota_minutes;
