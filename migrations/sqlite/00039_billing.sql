-- +goose Up
-- Charges and monthly statements (app/billing, docs/billing.md). A charge is one chargeable thing
-- (a completed booking, a seat of an ended course session, a closed service request, or an
-- adjustment), priced once and never repriced; a statement is one month of one facility's or one
-- organization's charges, immutable once issued. Money is in integer fen.
CREATE TABLE billing_statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- facility (the statement of the provider) or organization (of the payer).
    scope VARCHAR(20) NOT NULL,
    subject_id INTEGER NOT NULL,
    -- The local month YYYY-MM it is for; its lines are the charges of that month and the late
    -- ones of earlier months not yet billed.
    period CHAR(7) NOT NULL,
    -- draft only inside the issuing transaction; issued after it.
    status VARCHAR(10) NOT NULL,
    line_count INTEGER NOT NULL DEFAULT 0,
    -- SUM(amount_fen) of its lines, all of them and by income type, written when issued.
    total_fen INTEGER NOT NULL DEFAULT 0,
    internal_fen INTEGER NOT NULL DEFAULT 0,
    external_fen INTEGER NOT NULL DEFAULT 0,
    issued_at DATETIME NOT NULL,
    UNIQUE (scope, subject_id, period)
);
CREATE INDEX idx_billing_statements_period ON billing_statements (period, scope);

CREATE TABLE charges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- booking, enrollment, service or adjustment; source_id is the booking, enrolment or service
    -- request (NULL for an adjustment), so a thing is charged at most once.
    kind VARCHAR(20) NOT NULL,
    source_id INTEGER NULL,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    -- The organization of the payer; NULL for a person without one.
    organization_id INTEGER NULL REFERENCES organizations (id),
    user_id INTEGER NULL REFERENCES users (id),
    -- internal, member or external (models.PriceType), and internal or external income.
    price_type VARCHAR(10) NOT NULL,
    income_type VARCHAR(10) NOT NULL,
    -- What was consumed: seat_minute (the effective minutes times its seats, priced per
    -- seat-hour), seat (a course seat) or item (a service request, an adjustment).
    quantity INTEGER NOT NULL,
    unit VARCHAR(20) NOT NULL,
    unit_fen INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    -- What it was for, as it was named when charged.
    description VARCHAR(300) NOT NULL DEFAULT '',
    description_en VARCHAR(300) NOT NULL DEFAULT '',
    -- Checked out, the end of the session, the closing of the request, the making of the adjustment; period is
    -- its local month in the zone of the facility.
    occurred_at DATETIME NOT NULL,
    period CHAR(7) NOT NULL,
    facility_statement_id INTEGER NULL REFERENCES billing_statements (id),
    organization_statement_id INTEGER NULL REFERENCES billing_statements (id),
    -- Adjustments: why, by whom, and the charge they correct.
    reason VARCHAR(500) NOT NULL DEFAULT '',
    created_by INTEGER NULL REFERENCES users (id),
    corrects_charge_id INTEGER NULL REFERENCES charges (id),
    created_at DATETIME NOT NULL,
    UNIQUE (kind, source_id)
);
CREATE INDEX idx_charges_facility ON charges (facility_id, period);
CREATE INDEX idx_charges_organization ON charges (organization_id, period);
CREATE INDEX idx_charges_facility_statement ON charges (facility_statement_id);
CREATE INDEX idx_charges_organization_statement ON charges (organization_statement_id);
CREATE INDEX idx_charges_period ON charges (period);

-- +goose Down
DROP TABLE charges;
DROP TABLE billing_statements;
