-- Share links for referring clinicians. The link's token is shown once and kept only as its SHA-256;
-- the passcode (optional) only as a scrypt hash. A link always expires; it may also be limited in uses,
-- blocked after five wrong passcodes, or revoked by its creator or an admin.
CREATE TABLE shares (
  -- A random public id (names the link in the API and the audit trail; opens nothing).
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  creator_account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  recipient text NOT NULL DEFAULT '',
  -- What the recipient may do: 'view' for now (later: 'report', 'download').
  permissions text[] NOT NULL DEFAULT '{view}',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  max_uses integer CHECK (max_uses IS NULL OR max_uses > 0),
  use_count integer NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  passcode_hash text,
  failed_passcodes integer NOT NULL DEFAULT 0,
  blocked_at timestamptz,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX shares_by_creator ON shares (creator_account_id);

-- The studies a link opens (the chosen study and, when asked, the patient's priors at creation).
CREATE TABLE share_studies (
  share_id text NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
  source_id text NOT NULL,
  study_uid text NOT NULL,
  -- 0 for the studies named at creation; priors follow in the order found.
  position integer NOT NULL DEFAULT 0,
  is_prior boolean NOT NULL DEFAULT false,
  PRIMARY KEY (share_id, source_id, study_uid)
);
CREATE INDEX share_studies_by_study ON share_studies (study_uid);

-- Sessions opened by exchanging a link (the cookie holds random bits; the table their SHA-256). Each
-- request re-checks the link itself, so a revoked or expired link ends its sessions at once.
CREATE TABLE share_sessions (
  session_hash text PRIMARY KEY,
  share_id text NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  client_address text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX share_sessions_by_share ON share_sessions (share_id);
