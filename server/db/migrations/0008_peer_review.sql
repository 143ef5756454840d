-- Peer review (issue #17). An account may arbitrate (the flag, on a qa account) and a radiologist may have a
-- monthly review quota. Every reader and reviewer is known to the figures and the export by a random, stable
-- pseudonym. A case is one finalised study in the pool (sampled at random or added by hand), at most one per
-- study; a review is its score (one per case); a reader task is what a confirmed significant discrepancy gives
-- the original reader.
ALTER TABLE accounts ADD COLUMN arbiter boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD COLUMN review_quota integer NOT NULL DEFAULT 0 CHECK (review_quota >= 0 AND review_quota <= 10000);

CREATE TABLE peer_review_pseudonyms (
  account_id integer PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  pseudonym text NOT NULL UNIQUE CHECK (pseudonym ~ '^R-[0-9A-Z]{6}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE peer_review_cases (
  id text PRIMARY KEY,
  source_id text NOT NULL,
  study_uid text NOT NULL,
  -- The study's institution when it entered the pool (the reviewers' scope is checked against it).
  institution_name text NOT NULL DEFAULT '',
  -- What the queue shows of the study: { accessionNumber, patientName, studyDate, studyDescription, modalities }.
  study jsonb NOT NULL,
  -- The final report under review, its signer (the original reader) and when it was signed.
  report_id text NOT NULL REFERENCES reports (id),
  reader_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  finalized_at timestamptz NOT NULL,
  origin text NOT NULL CHECK (origin IN ('sampled', 'manual')),
  added_by_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  added_reason text,
  CHECK ((origin = 'manual') = (added_reason IS NOT NULL)),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reviewed', 'withdrawn')),
  assigned_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  assigned_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_id, study_uid)
);
CREATE INDEX peer_review_cases_open ON peer_review_cases (state, assigned_account_id);
CREATE INDEX peer_review_cases_by_study ON peer_review_cases (study_uid);

CREATE TABLE peer_reviews (
  id text PRIMARY KEY,
  case_id text NOT NULL UNIQUE REFERENCES peer_review_cases (id),
  reviewer_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  score text NOT NULL CHECK (score IN ('1', '2a', '2b', '3a', '3b', '4a', '4b')),
  comment text NOT NULL DEFAULT '',
  -- [{ seriesInstanceUid, sopClassUid, sopInstanceUid, frameNumber? }]
  key_images jsonb NOT NULL DEFAULT '[]',
  -- The KOS stored for the key images (none without key images); its state is its outbox row's.
  kos_title text CHECK (kos_title IN ('for-peer-review', 'quality-issue')),
  kos_sop_instance_uid text,
  CHECK ((kos_title IS NULL) = (kos_sop_instance_uid IS NULL)),
  arbitration text NOT NULL CHECK (arbitration IN ('not-needed', 'pending', 'confirmed', 'changed')),
  arbiter_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  arbiter_note text,
  -- The score that counts: the arbiter's when changed, else the reviewer's.
  final_score text NOT NULL CHECK (final_score IN ('1', '2a', '2b', '3a', '3b', '4a', '4b')),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  arbitrated_at timestamptz
);
CREATE INDEX peer_reviews_pending ON peer_reviews (arbitration) WHERE arbitration = 'pending';

CREATE TABLE peer_review_tasks (
  id text PRIMARY KEY,
  review_id text NOT NULL UNIQUE REFERENCES peer_reviews (id),
  reader_account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'addended', 'closed')),
  closing_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX peer_review_tasks_by_reader ON peer_review_tasks (reader_account_id, state);

-- The KOS of a review's key images goes to the study's archive through the delivery outbox (its retries).
ALTER TABLE report_outbox DROP CONSTRAINT report_outbox_destination_check;
ALTER TABLE report_outbox ADD CONSTRAINT report_outbox_destination_check CHECK (destination IN ('archive-sr', 'fhir', 'hl7', 'archive-kos'));
