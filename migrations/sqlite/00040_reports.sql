-- +goose Up
-- The utilization reports' rollups (app/reports, docs/reports.md). The nightly reports_rollup job
-- and `server rollup` write them with set-based INSERT … SELECT; the reports read nothing else.
-- Days are local days of the facility's time zone, written YYYY-MM-DD; figures are whole
-- (seat-)minutes.

-- The local days of each facility as the calendar sees them: the day's bounds in UTC (Unix
-- seconds, so that the engines agree on the arithmetic), the Monday of its ISO week, and the
-- minutes it is open (opening hours and make-up working days, less closures). resource_id 0 is
-- the facility's own calendar; a row of a resource is written only where its own closures make
-- its open minutes differ.
CREATE TABLE report_open_days (
    facility_id INTEGER NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL,
    day CHAR(10) NOT NULL,
    week CHAR(10) NOT NULL,
    start_s INTEGER NOT NULL,
    end_s INTEGER NOT NULL,
    open_minutes INTEGER NOT NULL,
    PRIMARY KEY (facility_id, resource_id, day)
);
CREATE INDEX idx_report_open_days_start ON report_open_days (facility_id, resource_id, start_s);

-- One row per resource per local day (DESIGN.md section 6): available, booked and effective
-- seat-minutes (有效机时), bookings that started that day and their no-shows, unique users, the
-- effective seat-minutes by purpose category and by the user's type, those of bookings made for
-- a service request (对外服务机时), and per local hour (h00 … h23) for the hour × weekday map.
CREATE TABLE report_resource_days (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    day CHAR(10) NOT NULL,
    week CHAR(10) NOT NULL,
    facility_id INTEGER NOT NULL,
    available_minutes INTEGER NOT NULL DEFAULT 0,
    booked_minutes INTEGER NOT NULL DEFAULT 0,
    effective_minutes INTEGER NOT NULL DEFAULT 0,
    bookings INTEGER NOT NULL DEFAULT 0,
    no_shows INTEGER NOT NULL DEFAULT 0,
    unique_users INTEGER NOT NULL DEFAULT 0,
    teaching_minutes INTEGER NOT NULL DEFAULT 0,
    research_minutes INTEGER NOT NULL DEFAULT 0,
    training_minutes INTEGER NOT NULL DEFAULT 0,
    social_service_minutes INTEGER NOT NULL DEFAULT 0,
    internal_minutes INTEGER NOT NULL DEFAULT 0,
    member_minutes INTEGER NOT NULL DEFAULT 0,
    external_minutes INTEGER NOT NULL DEFAULT 0,
    service_minutes INTEGER NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    h21 INTEGER NOT NULL DEFAULT 0,
    h22 INTEGER NOT NULL DEFAULT 0,
    h23 INTEGER NOT NULL DEFAULT 0,
    computed_at DATETIME NOT NULL,
    PRIMARY KEY (resource_id, day)
);
CREATE INDEX idx_report_resource_days_facility ON report_resource_days (facility_id, day);
CREATE INDEX idx_report_resource_days_day ON report_resource_days (day);

-- Who used a resource on a day (effective minutes above 0): unique users of any period and
-- scope are a COUNT(DISTINCT) over it, which sums of days cannot give.
CREATE TABLE report_user_days (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    day CHAR(10) NOT NULL,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (resource_id, day, user_id)
);
CREATE INDEX idx_report_user_days_day ON report_user_days (day);

-- Resource-days already computed that a later change of a booking made stale (a check-out, a
-- correction); the next run recomputes them and deletes their marks.
CREATE TABLE report_dirty_days (
    resource_id INTEGER NOT NULL,
    day CHAR(10) NOT NULL,
    marked_at DATETIME NOT NULL,
    PRIMARY KEY (resource_id, day)
);

-- The figures of each facility, consortium and the city (scope_id 0) per local day, ISO week
-- (from its Monday), month and year (period_start its first day), summed from the resource-days
-- by the same runs: reading a year of the city from report_resource_days took half a minute at
-- 10,000 resources (docs/reports.md). unique_users is counted over the period, not summed.
CREATE TABLE report_rollups (
    scope VARCHAR(20) NOT NULL,
    scope_id INTEGER NOT NULL,
    period_kind VARCHAR(10) NOT NULL,
    period_start CHAR(10) NOT NULL,
    resources INTEGER NOT NULL DEFAULT 0,
    available_minutes INTEGER NOT NULL DEFAULT 0,
    booked_minutes INTEGER NOT NULL DEFAULT 0,
    effective_minutes INTEGER NOT NULL DEFAULT 0,
    bookings INTEGER NOT NULL DEFAULT 0,
    no_shows INTEGER NOT NULL DEFAULT 0,
    unique_users INTEGER NOT NULL DEFAULT 0,
    teaching_minutes INTEGER NOT NULL DEFAULT 0,
    research_minutes INTEGER NOT NULL DEFAULT 0,
    training_minutes INTEGER NOT NULL DEFAULT 0,
    social_service_minutes INTEGER NOT NULL DEFAULT 0,
    internal_minutes INTEGER NOT NULL DEFAULT 0,
    member_minutes INTEGER NOT NULL DEFAULT 0,
    external_minutes INTEGER NOT NULL DEFAULT 0,
    service_minutes INTEGER NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    h21 INTEGER NOT NULL DEFAULT 0,
    h22 INTEGER NOT NULL DEFAULT 0,
    h23 INTEGER NOT NULL DEFAULT 0,
    computed_at DATETIME NOT NULL,
    PRIMARY KEY (scope, scope_id, period_kind, period_start)
);

-- +goose Down
DROP TABLE report_rollups;
DROP TABLE report_dirty_days;
DROP TABLE report_user_days;
DROP TABLE report_resource_days;
DROP TABLE report_open_days;
