-- Reports (issue #16). A reader's draft is one row per study and author, saved as they type (autosave);
-- `revision` grows with each save so a save based on an older revision (another tab) is refused, not
-- applied over newer text. Signed versions are rows of `reports`, never changed once written: a
-- preliminary is followed by a new row (re-signed preliminary or final), a final only by addenda (their
-- own rows naming the final they amend).
CREATE TABLE report_drafts (
  source_id text NOT NULL,
  study_uid text NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  revision integer NOT NULL CHECK (revision > 0),
  template_id text NOT NULL DEFAULT '',
  -- [{ "title": "Findings", "text": "…" }, …]
  sections jsonb NOT NULL,
  -- { "studyInstanceUid", "date", "description" } or null
  comparison jsonb,
  -- The images of the measurements pasted into the text: [{ seriesInstanceUid, sopClassUid, sopInstanceUid, frameNumber? }]
  image_references jsonb NOT NULL DEFAULT '[]',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, study_uid, account_id)
);

CREATE TABLE reports (
  id text PRIMARY KEY,
  source_id text NOT NULL,
  study_uid text NOT NULL,
  -- 1, then +1 for each re-sign or addendum of the study.
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('preliminary', 'final', 'addendum')),
  author_account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  author_username text NOT NULL,
  author_display_name text NOT NULL,
  author_person_name text NOT NULL DEFAULT '',
  signed_at timestamptz NOT NULL DEFAULT now(),
  template_id text NOT NULL DEFAULT '',
  sections jsonb NOT NULL,
  comparison jsonb,
  image_references jsonb NOT NULL DEFAULT '[]',
  -- An addendum: the final report it amends, and its text.
  amends_report_id text REFERENCES reports (id),
  addendum_text text,
  CHECK ((status = 'addendum') = (amends_report_id IS NOT NULL AND addendum_text IS NOT NULL)),
  UNIQUE (study_uid, version)
);
CREATE INDEX reports_by_study ON reports (study_uid, version);
-- No two final reports for one study, ever (whatever the data source calls it): concurrent "Sign final"
-- requests cannot both commit.
CREATE UNIQUE INDEX reports_one_final_per_study ON reports (study_uid) WHERE status = 'final';

-- A signed version is never changed (a removal is allowed only to take back a signature whose audit
-- record could not be written, before anyone was told).
CREATE FUNCTION reports_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'signed reports are never changed' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports FOR EACH ROW EXECUTE FUNCTION reports_refuse_update();
