-- +goose Up
-- Charges and monthly statements (app/billing, docs/billing.md). A charge is one chargeable thing
-- (a completed booking, a seat of an ended course session, a closed service request, or an
-- adjustment), priced once and never repriced; a statement is one month of one facility's or one
-- organization's charges, immutable once issued. Money is in integer fen.
CREATE TABLE billing_statements (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    -- facility (the statement of the provider) or organization (of the payer).
    scope VARCHAR(20) NOT NULL,
    subject_id BIGINT NOT NULL,
    -- The local month YYYY-MM it is for; its lines are the charges of that month and the late
    -- ones of earlier months not yet billed.
    period CHAR(7) NOT NULL,
    -- draft only inside the issuing transaction; issued after it.
    status VARCHAR(10) NOT NULL,
    line_count INTEGER NOT NULL DEFAULT 0,
    -- SUM(amount_fen) of its lines, all of them and by income type, written when issued.
    total_fen BIGINT NOT NULL DEFAULT 0,
    internal_fen BIGINT NOT NULL DEFAULT 0,
    external_fen BIGINT NOT NULL DEFAULT 0,
    issued_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_billing_statements (scope, subject_id, period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_billing_statements_period ON billing_statements (period, scope);

CREATE TABLE charges (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    -- booking, enrollment, service or adjustment; source_id is the booking, enrolment or service
    -- request (NULL for an adjustment), so a thing is charged at most once.
    kind VARCHAR(20) NOT NULL,
    source_id BIGINT NULL,
    facility_id BIGINT NOT NULL,
    -- The organization of the payer; NULL for a person without one.
    organization_id BIGINT NULL,
    user_id BIGINT NULL,
    -- internal, member or external (models.PriceType), and internal or external income.
    price_type VARCHAR(10) NOT NULL,
    income_type VARCHAR(10) NOT NULL,
    -- What was consumed: seat_minute (the effective minutes times its seats, priced per
    -- seat-hour), seat (a course seat) or item (a service request, an adjustment).
    quantity BIGINT NOT NULL,
    unit VARCHAR(20) NOT NULL,
    unit_fen BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    -- What it was for, as it was named when charged.
    description VARCHAR(300) NOT NULL DEFAULT '',
    description_en VARCHAR(300) NOT NULL DEFAULT '',
    -- Checked out, the end of the session, the closing of the request, the making of the adjustment; period is
    -- its local month in the zone of the facility.
    occurred_at DATETIME(6) NOT NULL,
    period CHAR(7) NOT NULL,
    facility_statement_id BIGINT NULL,
    organization_statement_id BIGINT NULL,
    -- Adjustments: why, by whom, and the charge they correct.
    reason VARCHAR(500) NOT NULL DEFAULT '',
    created_by BIGINT NULL,
    corrects_charge_id BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_charges_source (kind, source_id),
    CONSTRAINT fk_charges_facility FOREIGN KEY (facility_id) REFERENCES facilities (id),
    CONSTRAINT fk_charges_organization FOREIGN KEY (organization_id) REFERENCES organizations (id),
    CONSTRAINT fk_charges_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_charges_facility_statement FOREIGN KEY (facility_statement_id) REFERENCES billing_statements (id),
    CONSTRAINT fk_charges_organization_statement FOREIGN KEY (organization_statement_id) REFERENCES billing_statements (id),
    CONSTRAINT fk_charges_created_by FOREIGN KEY (created_by) REFERENCES users (id),
    CONSTRAINT fk_charges_corrects FOREIGN KEY (corrects_charge_id) REFERENCES charges (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_charges_facility ON charges (facility_id, period);
CREATE INDEX idx_charges_organization ON charges (organization_id, period);
CREATE INDEX idx_charges_period ON charges (period);

-- +goose Down
DROP TABLE charges;
DROP TABLE billing_statements;
