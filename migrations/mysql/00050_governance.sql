-- +goose Up
-- A consortium's governance (治理): the seats of its council (理事会), secretariat (秘书处) and
-- operating platform (运营平台), each an organization and/or a person with a position and a term;
-- its charter (章程); and its annual goals, targets for the league table's indicators. Members
-- read them; the consortium's administrators and the city administrator edit them.
CREATE TABLE governance_seats (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    consortium_id BIGINT NOT NULL,
    body VARCHAR(20) NOT NULL,
    position VARCHAR(40) NOT NULL,
    organization_id BIGINT NULL,
    person_name VARCHAR(100) NOT NULL DEFAULT '',
    title VARCHAR(200) NOT NULL DEFAULT '',
    term_start CHAR(10) NOT NULL,
    term_end CHAR(10) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    INDEX idx_governance_seats_consortium (consortium_id, body),
    INDEX idx_governance_seats_organization (organization_id),
    CONSTRAINT fk_governance_seats_consortium FOREIGN KEY (consortium_id) REFERENCES consortia (id) ON DELETE CASCADE,
    CONSTRAINT fk_governance_seats_organization FOREIGN KEY (organization_id) REFERENCES organizations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE consortium_charters (
    consortium_id BIGINT PRIMARY KEY,
    body MEDIUMTEXT NOT NULL,
    adopted_on CHAR(10) NULL,
    updated_by BIGINT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_consortium_charters_consortium FOREIGN KEY (consortium_id) REFERENCES consortia (id) ON DELETE CASCADE,
    CONSTRAINT fk_consortium_charters_user FOREIGN KEY (updated_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE consortium_goals (
    consortium_id BIGINT NOT NULL,
    year INT NOT NULL,
    indicator VARCHAR(20) NOT NULL,
    target DOUBLE NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (consortium_id, year, indicator),
    CONSTRAINT fk_consortium_goals_consortium FOREIGN KEY (consortium_id) REFERENCES consortia (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE consortium_goals;
DROP TABLE consortium_charters;
DROP TABLE governance_seats;
