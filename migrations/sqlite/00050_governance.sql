-- +goose Up
-- A consortium's governance (治理): the seats of its council (理事会), secretariat (秘书处) and
-- operating platform (运营平台), each an organization and/or a person with a position and a term;
-- its charter (章程); and its annual goals, targets for the league table's indicators. Members
-- read them; the consortium's administrators and the city administrator edit them.
CREATE TABLE governance_seats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consortium_id INTEGER NOT NULL REFERENCES consortia(id) ON DELETE CASCADE,
    body VARCHAR(20) NOT NULL,
    position VARCHAR(40) NOT NULL,
    organization_id INTEGER NULL REFERENCES organizations(id),
    person_name VARCHAR(100) NOT NULL DEFAULT '',
    title VARCHAR(200) NOT NULL DEFAULT '',
    term_start CHAR(10) NOT NULL,
    term_end CHAR(10) NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_governance_seats_consortium ON governance_seats (consortium_id, body);
CREATE INDEX idx_governance_seats_organization ON governance_seats (organization_id);

CREATE TABLE consortium_charters (
    consortium_id INTEGER PRIMARY KEY REFERENCES consortia(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    adopted_on CHAR(10) NULL,
    updated_by INTEGER NULL REFERENCES users(id),
    updated_at DATETIME NOT NULL
);

CREATE TABLE consortium_goals (
    consortium_id INTEGER NOT NULL REFERENCES consortia(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    indicator VARCHAR(20) NOT NULL,
    target DOUBLE NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (consortium_id, year, indicator)
);

-- +goose Down
DROP TABLE consortium_goals;
DROP TABLE consortium_charters;
DROP TABLE governance_seats;
