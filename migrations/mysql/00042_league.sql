-- +goose Up
-- The league table of the consortia (赛马比拼, app/reports/league.go, docs/reports.md): the
-- weights an administrator sets, versioned, and the table computed from the consortium rollups
-- per track (the consortium's level) and month or year.

-- A version of the weights of the league's indicators and the formula that normalises them
-- (1: min–max within the track and period, 2: by rank). A version is never changed: a change
-- of the weights is a new row, and the latest applies to the periods computed from then on.
CREATE TABLE league_weights (
    version BIGINT PRIMARY KEY AUTO_INCREMENT,
    formula BIGINT NOT NULL,
    utilization DOUBLE NOT NULL,
    open_share DOUBLE NOT NULL,
    on_time DOUBLE NOT NULL,
    rating DOUBLE NOT NULL,
    fill DOUBLE NOT NULL,
    pass DOUBLE NOT NULL,
    smes_served DOUBLE NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every indicator counts the same until an administrator sets other weights.
INSERT INTO league_weights (formula, utilization, open_share, on_time, rating, fill, pass, smes_served, note, created_at)
VALUES (1, 1, 1, 1, 1, 1, 1, 1, '', CURRENT_TIMESTAMP(6));

-- The league table of one track and period (period_kind month or year, period_start its first
-- day): per consortium each indicator's value (raw) and normalised value (n_*, 0 … 1), the
-- score (0 … 100), the rank within the track (ties share it), the rank of the period before
-- (NULL when the consortium was not ranked then) and the weights version the score used. A
-- recomputation keeps the period's version unless asked to apply the latest.
CREATE TABLE league_results (
    track VARCHAR(20) NOT NULL,
    period_kind VARCHAR(10) NOT NULL,
    period_start CHAR(10) NOT NULL,
    consortium_id BIGINT NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    utilization DOUBLE NOT NULL,
    open_share DOUBLE NOT NULL,
    on_time DOUBLE NOT NULL,
    rating DOUBLE NOT NULL,
    fill DOUBLE NOT NULL,
    pass DOUBLE NOT NULL,
    smes_served DOUBLE NOT NULL,
    n_utilization DOUBLE NOT NULL,
    n_open_share DOUBLE NOT NULL,
    n_on_time DOUBLE NOT NULL,
    n_rating DOUBLE NOT NULL,
    n_fill DOUBLE NOT NULL,
    n_pass DOUBLE NOT NULL,
    n_smes_served DOUBLE NOT NULL,
    score DOUBLE NOT NULL,
    place BIGINT NOT NULL,
    prev_place BIGINT,
    weights_version BIGINT NOT NULL REFERENCES league_weights (version),
    computed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (track, period_kind, period_start, consortium_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_league_results_period ON league_results (period_kind, period_start);

-- +goose Down
DROP TABLE league_results;
DROP TABLE league_weights;
