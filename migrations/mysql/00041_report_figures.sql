-- +goose Up
-- The figures of the national evaluation in the reports' rollups (docs/reports.md): per
-- resource-day and per stored period, the quota minutes (定额机时 pro rata per local day) and
-- the income internal and external (fen, by the local day a charge occurred); per stored period
-- of a facility, consortium and the city, the tech platform's service requests and the training
-- base's sessions. The two medians and the distinct counts are computed per stored period, not
-- summed.
ALTER TABLE report_resource_days ADD COLUMN quota_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_resource_days ADD COLUMN income_internal_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_resource_days ADD COLUMN income_external_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN quota_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN income_internal_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN income_external_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_received BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_delivered BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_on_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN requests_overdue BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN first_response_median_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN turnaround_median_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN ratings BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN sessions_held BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN seats_offered BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN seats_filled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN attended BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN results BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN passed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN people_trained BIGINT NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN smes_served BIGINT NOT NULL DEFAULT 0;

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
