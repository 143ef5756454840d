-- The audit trail (server/audit): append-only, each record chained by SHA-256 to the one before.
-- `record` is the canonical JSON the hash covers; the other columns are copies of it for searching,
-- checked against it by `npm run audit:verify`.
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at timestamptz NOT NULL,
  event_code text NOT NULL,
  outcome smallint NOT NULL,
  user_id text NOT NULL,
  client_address text NOT NULL DEFAULT '',
  source_id text NOT NULL DEFAULT '',
  patient_ids text[] NOT NULL DEFAULT '{}',
  study_uids text[] NOT NULL DEFAULT '{}',
  record text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_by_patient ON audit_events USING gin (patient_ids);
CREATE INDEX audit_events_by_study ON audit_events USING gin (study_uids);

-- The end of the chain, one row. Appending locks it (SELECT … FOR UPDATE), so writers from any number
-- of gateway replicas take turns and the chain cannot fork.
CREATE TABLE audit_chain_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

-- Records are never changed or removed through SQL; tampering has to switch this off first, and the
-- hash chain still shows it.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Accesses recorded once per session (a study opened, its images retrieved): the key of each, so a
-- second request of the same session for the same study writes nothing, on any replica.
CREATE TABLE audit_access_once (
  session_id text NOT NULL,
  event_code text NOT NULL,
  source_id text NOT NULL,
  study_uid text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, event_code, source_id, study_uid)
);
CREATE INDEX audit_access_once_by_age ON audit_access_once (created_at);

-- How far each syslog collector has been sent the trail, and which replica is sending to it now.
CREATE TABLE audit_forwarding (
  destination text PRIMARY KEY,
  forwarded_seq bigint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What the gateway learnt about a study from its archive (server/dicomweb/study-facts.ts): the patient
-- it belongs to (for audit records) and the institution (for scopes).
CREATE TABLE study_facts (
  source_id text NOT NULL,
  study_uid text NOT NULL,
  patient_id text NOT NULL DEFAULT '',
  issuer_of_patient_id text NOT NULL DEFAULT '',
  institution_name text NOT NULL DEFAULT '',
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, study_uid)
);
