-- The outbox of signed reports (server/delivery): one row per report version and destination, written
-- when the report is signed and worked off by the gateway's delivery worker. The row keeps the report as
-- signed (SignedReport JSON) and the message id chosen at enqueue time; the builders derive everything
-- else from these two deterministically, so every retry sends the same message (same SR SOP Instance
-- UID, same FHIR identifier, same HL7 message control id).
CREATE TABLE report_outbox (
  id bigserial PRIMARY KEY,
  report_id text NOT NULL,
  report_version integer NOT NULL,
  source_id text NOT NULL,
  study_uid text NOT NULL,
  destination text NOT NULL CHECK (destination IN ('archive-sr', 'fhir', 'hl7')),
  report jsonb NOT NULL,
  -- SR: the SOP Instance UID; FHIR: the identifier value; HL7: the message control id (MSH-10).
  message_id text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'retrying', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A worker's claim: the row is being sent until then (a worker that died lets it go when it passes).
  claimed_until timestamptz,
  claim_token text,
  -- The receiver's own message of the last failed attempt (never patient data from the report).
  last_error text,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, destination)
);
CREATE INDEX report_outbox_due ON report_outbox (next_attempt_at) WHERE state IN ('pending', 'retrying');
CREATE INDEX report_outbox_by_study ON report_outbox (source_id, study_uid);
