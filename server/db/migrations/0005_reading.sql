-- The reading shift: per study, who is reading it (a claim that lapses when idle), the state of its
-- report (written by server/reports through markReportSigned), its priority (from the DICOM header,
-- or set in Readroom, which wins) and when the gateway first saw it (the turnaround clock's start
-- when the header has no study date). Keyed by the Study Instance UID alone: a study is read once,
-- whichever data source it was opened from (the source it was first seen in is kept for the record).
CREATE TABLE reading_studies (
  study_uid text PRIMARY KEY,
  source_id text NOT NULL DEFAULT '',
  -- Arrival: when the gateway first saw the study (a worklist page, a claim).
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  claimed_by integer REFERENCES accounts (id) ON DELETE SET NULL,
  claimed_at timestamptz,
  -- Last sign of life of the claim (claim, heartbeat) and when it lapses without another
  -- (READROOM_CLAIM_IDLE_MINUTES after it; kept, so that a check needs no configuration).
  claim_active_at timestamptz,
  claim_expires_at timestamptz,
  report_status text CHECK (report_status IN ('preliminary', 'final', 'addended')),
  report_status_at timestamptz,
  -- From the header (Requested Procedure Priority, else Study Priority ID); checked once per study.
  header_priority text CHECK (header_priority IN ('stat', 'urgent', 'routine')),
  header_checked_at timestamptz,
  priority_override text CHECK (priority_override IN ('stat', 'urgent', 'routine')),
  priority_set_by integer REFERENCES accounts (id) ON DELETE SET NULL,
  priority_set_at timestamptz
);
CREATE INDEX reading_studies_by_claimer ON reading_studies (claimed_by) WHERE claimed_by IS NOT NULL;
