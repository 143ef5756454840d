-- A reader's own hanging protocols (src/hanging-protocols): the arrangement saved for a kind of study,
-- applied before the shipped ones. Viewer preferences, no patient data.
CREATE TABLE personal_hanging_protocols (
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  protocol_id text NOT NULL,
  protocol jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, protocol_id)
);
