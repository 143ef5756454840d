-- Sign-ins in progress at an identity provider. The browser holds a random token in a short-lived
-- cookie; the table holds its SHA-256 and what the callback must check (state, nonce, PKCE verifier).
CREATE TABLE oidc_flows (
  token_hash text PRIMARY KEY,
  provider_id text NOT NULL,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  redirect_uri text NOT NULL,
  next_path text NOT NULL,
  client_address text NOT NULL DEFAULT '',
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_flows_by_client ON oidc_flows (client_address, expires_at);

-- Second factors a user has started to set up and not yet confirmed with a code.
CREATE TABLE totp_enrollments (
  account_id integer PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret text NOT NULL,
  expires_at timestamptz NOT NULL
);
