import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, loadConfig, REPO_ROOT } from './config.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('config from environment variables', () => {
  it('has defaults that point at the development Orthanc', () => {
    const config = configFromEnv({});
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 8080,
      staticDir: path.join(REPO_ROOT, 'dist'),
      frameAncestors: "'none'",
      trustProxy: false,
      allowedHosts: [],
      logLevel: 'info',
      database: { kind: 'embedded', dir: path.join(REPO_ROOT, 'data', 'gateway-db') },
      session: { idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000 },
      shareMaxDays: 90,
      reading: { claimIdleMinutes: 30, turnaroundMinutes: { stat: 60, urgent: 240, routine: 1440 } },
      audit: { sourceId: hostname() },
      timeouts: { connectMs: 5000, responseMs: 30000, bodyIdleMs: 60000, healthMs: 3000 },
      maxUploadBytes: 1024 ** 3,
      uploadIdleTimeoutMs: 30000,
      uploadMinBytesPerSecond: 10000,
      uploadSpoolDir: tmpdir(),
      archiveMaxConcurrent: 40,
      archiveMaxPerClient: 24,
      archiveQueueTimeoutMs: 10000,
      sources: [
        {
          id: 'default',
          label: 'Image archive',
          upstream: { root: 'http://127.0.0.1:8042/dicom-web' },
          quirks: { queryValueEncoding: 'literal' },
          lossyPreview: 'rendered',
          frameStreaming: false,
        },
      ],
      oidc: [],
      delivery: {
        archiveSr: true,
        hl7SendingFacility: 'READROOM',
        hl7ReceivingApplication: '',
        hl7ReceivingFacility: '',
        organization: 'Readroom',
        maxAttempts: 20,
        retryBaseMs: 10_000,
        retryCapMs: 900_000,
        timeoutMs: 15_000,
      },
      peerReview: { rate: 5, modalityRates: {}, requirePrior: false, scale: 'radpeer', blinded: true },
    });
  });

  it('reads the peer-review settings and names the variable of each malformed one', () => {
    const config = configFromEnv({
      READROOM_PEER_REVIEW_RATE: '37.5',
      READROOM_PEER_REVIEW_MODALITY_RATES: 'ct=10, MR=2.5',
      READROOM_PEER_REVIEW_REQUIRE_PRIOR: 'true',
      READROOM_PEER_REVIEW_SCALE: 'radpeer-4',
      READROOM_PEER_REVIEW_BLINDED: 'off',
    });
    expect(config.peerReview).toEqual({ rate: 37.5, modalityRates: { CT: 10, MR: 2.5 }, requirePrior: true, scale: 'radpeer-4', blinded: false });
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_RATE: '101' })).toThrow(/READROOM_PEER_REVIEW_RATE: expected a percentage from 0 to 100/);
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_RATE: 'often' })).toThrow(/READROOM_PEER_REVIEW_RATE/);
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_MODALITY_RATES: 'CT:10' })).toThrow(
      /READROOM_PEER_REVIEW_MODALITY_RATES: expected MODALITY=percent pairs .*"CT:10"/,
    );
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_MODALITY_RATES: 'CT=200' })).toThrow(/READROOM_PEER_REVIEW_MODALITY_RATES: expected a percentage/);
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_SCALE: 'likert' })).toThrow(/READROOM_PEER_REVIEW_SCALE: expected "radpeer" or "radpeer-4"/);
    expect(() => configFromEnv({ READROOM_PEER_REVIEW_BLINDED: 'maybe' })).toThrow(/READROOM_PEER_REVIEW_BLINDED: expected true or false/);
  });

  it('reads the report destinations: FHIR base URL, HL7 MLLP host:port, the SR switch, and refuses malformed ones', () => {
    const config = configFromEnv({
      READROOM_FHIR_URL: 'https://fhir.example.org/r4/',
      READROOM_FHIR_AUTHORIZATION: 'Bearer secret-token',
      READROOM_HL7_MLLP: 'ris.example.org:2575',
      READROOM_HL7_RECEIVING_APPLICATION: 'RIS',
      READROOM_HL7_RECEIVING_FACILITY: 'HOSPITAL A',
      READROOM_REPORT_SR: 'off',
    }).delivery;
    expect(config.fhir).toEqual({ url: 'https://fhir.example.org/r4', authorization: 'Bearer secret-token' });
    expect(config.hl7).toEqual({ host: 'ris.example.org', port: 2575 });
    expect(config.hl7ReceivingApplication).toBe('RIS');
    expect(config.hl7ReceivingFacility).toBe('HOSPITAL A');
    expect(config.archiveSr).toBe(false);
    expect(configFromEnv({ READROOM_HL7_MLLP: '[::1]:2575' }).delivery.hl7).toEqual({ host: '::1', port: 2575 });
    expect(() => configFromEnv({ READROOM_FHIR_URL: 'ftp://x' })).toThrow(/READROOM_FHIR_URL: expected the FHIR base URL/);
    expect(() => configFromEnv({ READROOM_FHIR_URL: 'https://user:pw@fhir.example.org' })).toThrow(/READROOM_FHIR_URL/);
    expect(() => configFromEnv({ READROOM_HL7_MLLP: 'ris.example.org' })).toThrow(/READROOM_HL7_MLLP: expected host:port/);
    expect(() => configFromEnv({ READROOM_HL7_MLLP: 'ris:70000' })).toThrow(/READROOM_HL7_MLLP: expected a port/);
    expect(() => configFromEnv({ READROOM_HL7_SENDING_FACILITY: 'A|B' })).toThrow(/READROOM_HL7_SENDING_FACILITY/);
    expect(() => configFromEnv({ READROOM_REPORT_SR: 'maybe' })).toThrow(/READROOM_REPORT_SR/);
    expect(() => configFromEnv({ READROOM_FHIR_AUTHORIZATION: 'Bearer x' })).toThrow(/READROOM_FHIR_AUTHORIZATION: given without a FHIR URL/);
  });

  it('reads MLLP over TLS with its CA and client certificate files, and refuses half a configuration', () => {
    const hl7 = configFromEnv({
      READROOM_HL7_MLLP: 'ris.example.org:2576',
      READROOM_HL7_TLS: 'on',
      READROOM_HL7_CA: '/etc/readroom/ris-ca.pem',
      READROOM_HL7_CERT: '/etc/readroom/gateway.pem',
      READROOM_HL7_KEY: '/etc/readroom/gateway.key',
    }).delivery.hl7;
    expect(hl7).toEqual({
      host: 'ris.example.org',
      port: 2576,
      tls: { caFile: '/etc/readroom/ris-ca.pem', certFile: '/etc/readroom/gateway.pem', keyFile: '/etc/readroom/gateway.key' },
    });
    expect(configFromEnv({ READROOM_HL7_MLLP: 'ris.example.org:2576', READROOM_HL7_TLS: 'on' }).delivery.hl7).toEqual({
      host: 'ris.example.org',
      port: 2576,
      tls: {},
    });
    expect(() => configFromEnv({ READROOM_HL7_MLLP: 'ris:2575', READROOM_HL7_CA: '/ca.pem' })).toThrow(/READROOM_HL7_TLS: .* TLS is off/);
    expect(() => configFromEnv({ READROOM_HL7_MLLP: 'ris:2575', READROOM_HL7_TLS: 'on', READROOM_HL7_CERT: '/c.pem' })).toThrow(
      /READROOM_HL7_CERT: .*needs its key/,
    );
    expect(() => configFromEnv({ READROOM_HL7_TLS: 'on' })).toThrow(/READROOM_HL7_TLS: TLS is on but no HL7 receiver/);
    expect(() => configFromEnv({ READROOM_HL7_MLLP: 'ris:2575', READROOM_HL7_TLS: 'perhaps' })).toThrow(/READROOM_HL7_TLS/);
  });

  it('keeps the database under READROOM_DATA_DIR, or on the PostgreSQL server of DATABASE_URL', () => {
    expect(configFromEnv({ READROOM_DATA_DIR: '/var/lib/readroom' }).database).toEqual({ kind: 'embedded', dir: '/var/lib/readroom/gateway-db' });
    expect(configFromEnv({ DATABASE_URL: 'postgres://rr@db.example.org/readroom' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://rr@db.example.org/readroom',
    });
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: expected a postgres/);
  });

  it('reads the reading shift: claim idle time (1-1440 min, default 30) and turnaround targets per priority', () => {
    expect(configFromEnv({}).reading).toEqual({ claimIdleMinutes: 30, turnaroundMinutes: { stat: 60, urgent: 240, routine: 1440 } });
    expect(configFromEnv({ READROOM_CLAIM_IDLE_MINUTES: '5', READROOM_TURNAROUND_MINUTES: 'stat=30' }).reading).toEqual({
      claimIdleMinutes: 5,
      turnaroundMinutes: { stat: 30, urgent: 240, routine: 1440 },
    });
    expect(() => configFromEnv({ READROOM_CLAIM_IDLE_MINUTES: '0' })).toThrow(/READROOM_CLAIM_IDLE_MINUTES: expected whole minutes from 1 to 1,440/);
    expect(() => configFromEnv({ READROOM_CLAIM_IDLE_MINUTES: '1.5' })).toThrow(/READROOM_CLAIM_IDLE_MINUTES/);
    expect(() => configFromEnv({ READROOM_TURNAROUND_MINUTES: 'stat=soon' })).toThrow(/READROOM_TURNAROUND_MINUTES: expected priority=minutes/);
  });

  it('reads the session limits', () => {
    expect(configFromEnv({ READROOM_SESSION_IDLE_MINUTES: '15', READROOM_SESSION_MAX_HOURS: '8' }).session).toEqual({
      idleMs: 15 * 60_000,
      maxAgeMs: 8 * 3_600_000,
    });
    expect(() => configFromEnv({ READROOM_SESSION_IDLE_MINUTES: '0' })).toThrow(/READROOM_SESSION_IDLE_MINUTES/);
  });

  it('reads the longest validity of a share link (1-365 days)', () => {
    expect(configFromEnv({ READROOM_SHARE_MAX_DAYS: '30' }).shareMaxDays).toBe(30);
    expect(() => configFromEnv({ READROOM_SHARE_MAX_DAYS: '0' })).toThrow(/READROOM_SHARE_MAX_DAYS: expected days/);
    expect(() => configFromEnv({ READROOM_SHARE_MAX_DAYS: 'never' })).toThrow(/READROOM_SHARE_MAX_DAYS/);
  });

  it('reads the audit source and the syslog collector (tls://, default port 6514, PEM files)', () => {
    expect(configFromEnv({ READROOM_AUDIT_SOURCE_ID: 'readroom-gw-1' }).audit).toEqual({ sourceId: 'readroom-gw-1' });
    const audit = configFromEnv({
      READROOM_AUDIT_SYSLOG_URL: 'tls://collector.example.org',
      READROOM_AUDIT_SYSLOG_CA: '/etc/readroom/collector-ca.pem',
      READROOM_AUDIT_SYSLOG_CERT: 'gw.pem',
      READROOM_AUDIT_SYSLOG_KEY: 'gw.key',
    }).audit;
    expect(audit).toEqual({
      sourceId: hostname(),
      syslog: {
        host: 'collector.example.org',
        port: 6514,
        caFile: '/etc/readroom/collector-ca.pem',
        certFile: path.resolve('gw.pem'),
        keyFile: path.resolve('gw.key'),
      },
    });
    expect(configFromEnv({ READROOM_AUDIT_SYSLOG_URL: 'tls://[::1]:10514' }).audit.syslog).toEqual({ host: '::1', port: 10514 });
  });

  it('names the audit variable that is wrong', () => {
    expect(() => configFromEnv({ READROOM_AUDIT_SYSLOG_URL: 'udp://collector:514' })).toThrow(/READROOM_AUDIT_SYSLOG_URL: expected tls:\/\/host:port/);
    expect(() => configFromEnv({ READROOM_AUDIT_SYSLOG_CA: '/ca.pem' })).toThrow(/READROOM_AUDIT_SYSLOG_URL/);
    expect(() => configFromEnv({ READROOM_AUDIT_SYSLOG_URL: 'tls://c:6514', READROOM_AUDIT_SYSLOG_CERT: 'gw.pem' })).toThrow(
      /READROOM_AUDIT_SYSLOG_CERT: give both cert and key/,
    );
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      ORTHANC_HTTP_PORT: '9042',
      PORT: '9090',
      HOST: '0.0.0.0',
      READROOM_STATIC_DIR: '/srv/readroom',
      READROOM_FRAME_ANCESTORS: 'self https://ris.example.org',
      READROOM_TRUST_PROXY: 'true',
      READROOM_ALLOWED_HOSTS: 'Readroom.example.org, viewer.example.org:8443,[fd00::1]:8080',
      LOG_LEVEL: 'warn',
      UPSTREAM_CONNECT_TIMEOUT_MS: '1000',
      UPSTREAM_RESPONSE_TIMEOUT_MS: '2000',
      UPSTREAM_BODY_IDLE_TIMEOUT_MS: '3000',
      UPSTREAM_HEALTH_TIMEOUT_MS: '400',
      DICOMWEB_UPSTREAM_USERNAME: 'reader',
      DICOMWEB_UPSTREAM_PASSWORD: 'pw',
      DICOMWEB_LABEL: 'Hospital PACS',
      DICOMWEB_QUERY_VALUE_ENCODING: 'percent',
      DICOMWEB_LOSSY_PREVIEW: 'none',
      DICOMWEB_FRAME_STREAMING: 'true',
      READROOM_MAX_UPLOAD_BYTES: '2048',
      READROOM_UPLOAD_IDLE_TIMEOUT_MS: '1500',
      READROOM_UPLOAD_MIN_BYTES_PER_SECOND: '0',
      READROOM_UPLOAD_SPOOL_DIR: '/var/spool/readroom',
      READROOM_ARCHIVE_MAX_CONCURRENT: '8',
      READROOM_ARCHIVE_MAX_PER_CLIENT: '3',
      READROOM_ARCHIVE_QUEUE_TIMEOUT_MS: '2500',
    });
    expect(config.port).toBe(9090);
    expect([config.maxUploadBytes, config.uploadIdleTimeoutMs, config.uploadMinBytesPerSecond, config.uploadSpoolDir]).toEqual([
      2048,
      1500,
      0,
      '/var/spool/readroom',
    ]);
    expect([config.archiveMaxConcurrent, config.archiveMaxPerClient, config.archiveQueueTimeoutMs]).toEqual([8, 3, 2500]);
    expect(config.host).toBe('0.0.0.0');
    expect(config.staticDir).toBe('/srv/readroom');
    expect(config.frameAncestors).toBe("'self' https://ris.example.org");
    expect(config.trustProxy).toBe(true);
    expect(config.allowedHosts).toEqual(['readroom.example.org', 'viewer.example.org:8443', '[fd00::1]:8080']);
    expect(config.logLevel).toBe('warn');
    expect(config.timeouts).toEqual({ connectMs: 1000, responseMs: 2000, bodyIdleMs: 3000, healthMs: 400 });
    expect(config.sources[0]).toEqual({
      id: 'default',
      label: 'Hospital PACS',
      upstream: { root: 'http://127.0.0.1:9042/dicom-web', authorization: basic('reader', 'pw') },
      quirks: { queryValueEncoding: 'percent' },
      lossyPreview: 'none',
      frameStreaming: true,
    });
  });

  it('takes a full Authorization value, or credentials from the URL (which are removed from it)', () => {
    expect(configFromEnv({ DICOMWEB_UPSTREAM_AUTHORIZATION: 'Bearer abc' }).sources[0].upstream.authorization).toBe('Bearer abc');
    const fromUrl = configFromEnv({ DICOMWEB_UPSTREAM: 'https://user:p%40ss@pacs.example.org/dicom-web/' }).sources[0].upstream;
    expect(fromUrl).toEqual({ root: 'https://pacs.example.org/dicom-web', authorization: basic('user', 'p@ss') });
  });

  it('explains every problem naming the variable', () => {
    const attempt = () =>
      configFromEnv({
        PORT: 'eighty',
        UPSTREAM_RESPONSE_TIMEOUT_MS: '-5',
        DICOMWEB_UPSTREAM: 'ftp://archive',
        DICOMWEB_UPSTREAM_USERNAME: 'reader',
        DICOMWEB_QUERY_VALUE_ENCODING: 'raw',
        DICOMWEB_FRAME_STREAMING: 'sometimes',
        READROOM_ALLOWED_HOSTS: 'readroom.example.org,https://evil.example/',
        READROOM_MAX_UPLOAD_BYTES: '1 GB',
        READROOM_ARCHIVE_MAX_PER_CLIENT: '0',
      });
    expect(attempt).toThrow(ConfigError);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('environment variables');
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/UPSTREAM_RESPONSE_TIMEOUT_MS: must be at least 1 ms/);
    expect(message).toMatch(/DICOMWEB_UPSTREAM: expected an http\(s\) URL/);
    expect(message).toMatch(/DICOMWEB_UPSTREAM_PASSWORD: a username was given without a password/);
    expect(message).toMatch(/DICOMWEB_QUERY_VALUE_ENCODING: expected "literal" \(Orthanc\) or "percent"/);
    expect(message).toMatch(/DICOMWEB_FRAME_STREAMING: expected true or false/);
    expect(message).toMatch(/READROOM_ALLOWED_HOSTS: expected host names like/);
    expect(message).toMatch(/READROOM_MAX_UPLOAD_BYTES: expected a size in bytes from 1,024 to/);
    expect(message).toMatch(/READROOM_ARCHIVE_MAX_PER_CLIENT: expected a number of requests from 1 to/);
  });

  it('refuses two kinds of credentials at once', () => {
    expect(() => configFromEnv({ DICOMWEB_UPSTREAM_AUTHORIZATION: 'Bearer x', DICOMWEB_UPSTREAM_USERNAME: 'u', DICOMWEB_UPSTREAM_PASSWORD: 'p' })).toThrow(
      /DICOMWEB_UPSTREAM_AUTHORIZATION: give either authorization or username\+password/,
    );
  });

  it('refuses an unsafe frame-ancestors value', () => {
    expect(() => configFromEnv({ READROOM_FRAME_ANCESTORS: "'none'; script-src *" })).toThrow(/READROOM_FRAME_ANCESTORS/);
  });
});

describe('config from a READROOM_CONFIG file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  function write(content: unknown): string {
    dir = mkdtempSync(path.join(tmpdir(), 'readroom-config-'));
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  it('supports several sources; the first is the default; env fills what the file leaves out', () => {
    const file = write({
      staticDir: './public-build',
      allowedHosts: ['readroom.example.org'],
      maxUploadBytes: 5000000,
      uploadSpoolDir: './spool',
      timeouts: { responseMs: 10000 },
      sources: [
        { id: 'local', label: 'Local Orthanc', upstream: { root: 'http://127.0.0.1:8042/dicom-web' }, quirks: { queryValueEncoding: 'literal' } },
        {
          id: 'hospital',
          label: 'Hospital PACS',
          upstream: { root: 'https://pacs.example.org/dcm4chee-arc/aets/DCM4CHEE/rs', authorization: 'Bearer t' },
          frameStreaming: true,
        },
      ],
    });
    const config = loadConfig({
      READROOM_CONFIG: file,
      PORT: '9000',
      UPSTREAM_CONNECT_TIMEOUT_MS: '700',
      READROOM_ALLOWED_HOSTS: 'env.example.org',
      READROOM_MAX_UPLOAD_BYTES: '1234',
      READROOM_ARCHIVE_MAX_CONCURRENT: '7',
    });
    expect(config.archiveMaxConcurrent).toBe(7);
    expect(config.port).toBe(9000);
    expect(config.allowedHosts).toEqual(['readroom.example.org']);
    expect(config.maxUploadBytes).toBe(5000000);
    expect(config.uploadSpoolDir).toBe(path.join(dir!, 'spool'));
    expect(config.staticDir).toBe(path.join(dir!, 'public-build'));
    expect(config.timeouts).toEqual({ connectMs: 700, responseMs: 10000, bodyIdleMs: 60000, healthMs: 3000 });
    expect(config.sources.map((s) => s.id)).toEqual(['local', 'hospital']);
    expect(config.sources[1]).toEqual({
      id: 'hospital',
      label: 'Hospital PACS',
      upstream: { root: 'https://pacs.example.org/dcm4chee-arc/aets/DCM4CHEE/rs', authorization: 'Bearer t' },
      quirks: { queryValueEncoding: 'percent' },
      lossyPreview: 'rendered',
      frameStreaming: true,
    });
    expect(config.sources[0].frameStreaming).toBe(false);
  });

  it("resolves the syslog PEM files against the file's folder", () => {
    const file = write({
      audit: { sourceId: 'gw-a', syslog: { url: 'tls://10.1.2.3:6514', ca: 'pki/ca.pem' } },
      sources: [{ id: 'a', label: 'A', upstream: { root: 'http://a/dicom-web' } }],
    });
    expect(loadConfig({ READROOM_CONFIG: file, READROOM_AUDIT_SOURCE_ID: 'ignored' }).audit).toEqual({
      sourceId: 'gw-a',
      syslog: { host: '10.1.2.3', port: 6514, caFile: path.join(dir!, 'pki', 'ca.pem') },
    });
  });

  it('names the JSON path of each problem', () => {
    const file = write({
      port: 99999,
      sources: [
        { id: 'Bad Id', label: 'x', upstream: { root: 'http://a/dicom-web' } },
        { id: 'b', label: '', upstream: { root: 'http://b/rs', password: 'p' }, extra: true },
        { id: 'b', label: 'B', upstream: { root: 'http://c/rs' } },
      ],
    });
    expect(() => loadConfig({ READROOM_CONFIG: file })).toThrow(ConfigError);
    try {
      loadConfig({ READROOM_CONFIG: file });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(`file ${file}`);
      expect(message).toMatch(/port: expected a TCP port/);
      expect(message).toMatch(/sources\[0\]\.id: expected lower-case letters/);
      expect(message).toMatch(/sources\[1\]\.label: must not be empty/);
      expect(message).toMatch(/sources\[1\]\.upstream\.username: a password was given without a username/);
      expect(message).toMatch(/sources\[1\]: Unrecognized key/);
      expect(message).toMatch(/sources\[2\]\.id: duplicate source id "b"/);
    }
  });

  it('requires at least one source and readable JSON', () => {
    expect(() => loadConfig({ READROOM_CONFIG: write({ sources: [] }) })).toThrow(/sources: at least one source is required/);
    expect(() => loadConfig({ READROOM_CONFIG: write('{ not json') })).toThrow(/Cannot read the Readroom gateway configuration file/);
    expect(() => loadConfig({ READROOM_CONFIG: '/nonexistent/readroom.json' })).toThrow(/READROOM_CONFIG/);
  });
});
