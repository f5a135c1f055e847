-- +goose Up
-- Campus sign-on (统一身份认证): an organization's OpenID Connect or CAS provider, through which its
-- people sign in to their existing local accounts, found by e-mail or by student number.
CREATE TABLE sso_providers (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    organization_id BIGINT NOT NULL,
    kind VARCHAR(8) NOT NULL,
    name VARCHAR(100) NOT NULL,
    name_en VARCHAR(100) NOT NULL DEFAULT '',
    base_url VARCHAR(500) NOT NULL,
    client_id VARCHAR(200) NOT NULL DEFAULT '',
    client_secret VARCHAR(500) NOT NULL DEFAULT '',
    scopes VARCHAR(200) NOT NULL DEFAULT '',
    claim VARCHAR(100) NOT NULL,
    match_by VARCHAR(16) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_sso_providers_org FOREIGN KEY (organization_id) REFERENCES organizations(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_sso_providers_org ON sso_providers (organization_id);

-- A sign-on under way: single use, bound to the browser that started it by the hash of a cookie,
-- and short-lived. Only hashes of the state and of the cookie are kept.
CREATE TABLE sso_flows (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    state_hash VARCHAR(64) NOT NULL,
    browser_hash VARCHAR(64) NOT NULL,
    nonce VARCHAR(64) NOT NULL DEFAULT '',
    code_verifier VARCHAR(128) NOT NULL DEFAULT '',
    next_path VARCHAR(500) NOT NULL DEFAULT '',
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_sso_flows_provider FOREIGN KEY (provider_id) REFERENCES sso_providers(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX idx_sso_flows_state ON sso_flows (state_hash);
CREATE INDEX idx_sso_flows_expires ON sso_flows (expires_at);

-- +goose Down
DROP TABLE sso_flows;
DROP TABLE sso_providers;
