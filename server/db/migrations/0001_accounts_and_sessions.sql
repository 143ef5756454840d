-- Accounts: local (password, optional TOTP) or single sign-on (OIDC issuer + subject).
CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
  display_name text NOT NULL,
  -- The name authored objects carry (DICOM PN, e.g. 'Okafor^Ada'); derived from the display name when empty.
  person_name text NOT NULL DEFAULT '',
  password_hash text,
  roles text[] NOT NULL DEFAULT '{}',
  -- NULL: every data source / institution; otherwise only these.
  scope_sources text[],
  scope_institutions text[],
  totp_secret text,
  oidc_issuer text,
  oidc_subject text,
  demo boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (oidc_issuer, oidc_subject)
);

-- Server-side sessions; the cookie carries a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  auth_method text NOT NULL,
  client_address text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed sign-ins per client address, for the per-client rate limit (pruned as they age out).
CREATE TABLE sign_in_failures (
  client_address text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_by_client ON sign_in_failures (client_address, at);

-- The worklist's date-window hints, per account so that they reveal nothing to other users.
CREATE TABLE worklist_hints (
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key text NOT NULL,
  from_date text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);
