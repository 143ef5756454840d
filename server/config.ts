import { readFileSync } from 'node:fs';
import { DEFAULT_CLAIM_IDLE_MINUTES, DEFAULT_TURNAROUND_MINUTES, parseTurnaroundMinutes, type TurnaroundMinutes } from '../src/reading/reading-rules.ts';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OIDC_ENV_NAMES, oidcFromEnv, oidcProvidersSchema, type OidcProviderConfig } from './auth/oidc-config.ts';
import type { SessionSettings } from './auth/sessions.ts';
import type { DatabaseLocation } from './db/database.ts';
import { normalizeFrameAncestors } from './http/security-headers.ts';
import { LOSSY_PREVIEW_KINDS, QUERY_VALUE_ENCODINGS, type LossyPreviewKind, type QueryValueEncoding } from '../src/dicomweb/runtime-config.ts';
import { SCALES, type Scale } from '../src/peer-review/radpeer.ts';

/**
 * Gateway configuration: where the SPA lives, which DICOMweb archives ("sources") the browser may reach
 * through the gateway, with which credentials and quirks, and how long to wait for them.
 *
 * Loaded from the JSON file named by READROOM_CONFIG, else from environment variables (one source).
 * Everything is validated at load with messages that name the offending env var or JSON path.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How the archive reads QIDO query values.
 * - `percent`: standard DICOMweb; values are percent-decoded by the archive (`Doe%5EJane` = `Doe^Jane`).
 * - `literal`: Orthanc (1.10 / DICOMweb plugin 1.7) does NOT percent-decode query values: `Doe%5EJane`,
 *   `%20` or `+` match nothing, while a literal `^`, `*` or `?` works. A client talking to such a source must
 *   send `^ * ?` unencoded and cannot send a space at all (HTTP forbids a raw space; `%20`/`+` stay as-is),
 *   so it should replace each space in a value with the single-character wildcard `?`.
 * The gateway itself never rewrites query strings; the quirk is published in /app-config.json for the SPA
 * (the values and the published shape: src/dicomweb/runtime-config.ts, shared with the app).
 */

export interface SourceConfig {
  /** URL-safe id, used in `/sources/<id>/dicom-web`. */
  id: string;
  /** Human name shown in the UI and in error messages. */
  label: string;
  upstream: {
    /** DICOMweb root without trailing slash and without userinfo, e.g. `http://127.0.0.1:8042/dicom-web`. */
    root: string;
    /** Full Authorization header value sent to the archive (secret: never logged or published). */
    authorization?: string;
  };
  quirks: { queryValueEncoding: QueryValueEncoding };
  /**
   * How the viewer may fetch a quick lossy first view of a large image before the lossless one:
   * `rendered` = the standard WADO-RS `/frames/N/rendered` JPEG, scaled down; `none` = never.
   */
  lossyPreview: LossyPreviewKind;
  /**
   * Ask for frames with the image loader's streaming retrieval (fetch + ReadableStream) so that an
   * HTJ2K RPCL (or HTJ2K) frame can be decoded and drawn at lower resolution while it arrives; frames
   * of other syntaxes are still decoded once complete. Off by default.
   */
  frameStreaming: boolean;
}

export interface GatewayTimeouts {
  /** TCP (and DNS) connect to the archive. */
  connectMs: number;
  /** From request sent until the archive's response headers arrive. */
  responseMs: number;
  /** Longest silence between two body chunks of an archive response. */
  bodyIdleMs: number;
  /** Whole health probe of one source. */
  healthMs: number;
}

export interface GatewayConfig {
  host: string;
  port: number;
  staticDir: string;
  /** CSP frame-ancestors value, e.g. `'none'` or `'self' https://ris.example.org`. */
  frameAncestors: string;
  /** Trust X-Forwarded-* from a TLS-terminating proxy in front of the gateway. */
  trustProxy: boolean;
  /**
   * Host names (`name` for any port, `name:port` for one) that requests may be addressed to, besides the
   * loopback names and the listen host on the port the gateway listens on (server/http/host-check.ts).
   * Lower case.
   */
  allowedHosts: string[];
  logLevel: string;
  /** Where the gateway keeps its state: the embedded database under the data folder, or PostgreSQL. */
  database: DatabaseLocation;
  /** Session idle timeout and absolute lifetime. */
  session: SessionSettings;
  /** Decoded-image cache of each browser, in MiB (unset: derived from the device's memory). */
  imageCacheMb?: number;
  /** Longest a share link may be valid, in days (`SHARE_MAX_DAYS`; a link never lasts forever). */
  shareMaxDays: number;
  audit: AuditConfig;
  timeouts: GatewayTimeouts;
  /** Largest STOW upload the gateway accepts, in bytes (413 above it). */
  maxUploadBytes: number;
  /** Longest silence while a STOW upload arrives (408 after it). */
  uploadIdleTimeoutMs: number;
  /** Slowest average rate of a STOW upload, checked once it has lasted uploadIdleTimeoutMs (408 below it); 0: no check. */
  uploadMinBytesPerSecond: number;
  /** Where STOW uploads are spooled until complete (not a RAM-backed tmpfs for large uploads). */
  uploadSpoolDir: string;
  /** Requests the gateway has open at one archive at a time (below the archive's HTTP threads). */
  archiveMaxConcurrent: number;
  /** Of those, how many one client address may have open or waiting (429 beyond). */
  archiveMaxPerClient: number;
  /** Longest wait for a free archive slot before 503. */
  archiveQueueTimeoutMs: number;
  /** Never empty; the first source is the default one (also served at `/dicom-web`). */
  sources: [SourceConfig, ...SourceConfig[]];
  /** Identity providers for single sign-on (none: local accounts only). */
  oidc: OidcProviderConfig[];
  /** Where signed reports go (server/delivery, docs/report-delivery.md). */
  delivery: DeliveryConfig;
  /** The reading shift (server/reading, docs/reading-shift.md). */
  reading: ReadingConfig;
  /** Peer review of finalised studies (server/peer-review, docs/peer-review.md). */
  peerReview: PeerReviewConfig;
}

export interface ReadingConfig {
  /** A claim lapses after this long without a heartbeat from the reader's viewer. */
  claimIdleMinutes: number;
  /** The turnaround target per priority. */
  turnaroundMinutes: TurnaroundMinutes;
}

export interface PeerReviewConfig {
  /** Percent (0–100) of newly finalised studies that enter the peer-review pool (`READROOM_PEER_REVIEW_RATE`). */
  rate: number;
  /** Percent per modality, overriding `rate` (a study of several modalities takes the highest of theirs). Upper-case keys. */
  modalityRates: Record<string, number>;
  /** Sample only studies whose patient has an earlier study in the archive. */
  requirePrior: boolean;
  /** The RADPEER scale reviews are scored on. */
  scale: Scale;
  /** Hide the original reader's identity from the reviewer (default on). */
  blinded: boolean;
}

export interface DeliveryConfig {
  /** Store each signed report as a DICOM SR in its study's archive (`READROOM_REPORT_SR`, default on). */
  archiveSr: boolean;
  /** FHIR R4 base URL; DiagnosticReport is POSTed to `<url>/DiagnosticReport`. */
  fhir?: { url: string; /** Authorization header value (secret: never logged or published). */ authorization?: string };
  /** HL7 v2 receiver reached over MLLP; `tls` for MLLP over TLS (files: PEM CA bundle, client certificate and key). */
  hl7?: { host: string; port: number; tls?: { caFile?: string; certFile?: string; keyFile?: string } };
  /** Names in the HL7 MSH segment (MSH-4, MSH-5, MSH-6). */
  hl7SendingFacility: string;
  hl7ReceivingApplication: string;
  hl7ReceivingFacility: string;
  /** The reading group, as the SR's institution and verifying organization. */
  organization: string;
  /** Attempts before a delivery is failed, and the backoff between them. */
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Longest wait for one receiver (connect, answer) per attempt. */
  timeoutMs: number;
}

export interface AuditConfig {
  /** AuditSourceID of every record (default: the host name). */
  sourceId: string;
  /** A syslog collector the trail is also sent to (RFC 5424 messages over TLS, RFC 5425). */
  syslog?: { host: string; port: number; caFile?: string; certFile?: string; keyFile?: string };
}

/** The IANA port of syslog over TLS. */
export const SYSLOG_TLS_PORT = 6514;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  frameAncestors: "'none'",
  trustProxy: false,
  allowedHosts: [] as string[],
  logLevel: 'info',
  timeouts: { connectMs: 5_000, responseMs: 30_000, bodyIdleMs: 60_000, healthMs: 3_000 },
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  shareMaxDays: 90,
  maxUploadBytes: 1024 ** 3,
  uploadIdleTimeoutMs: 30_000,
  uploadMinBytesPerSecond: 10_000,
  // Orthanc has about 50 HTTP threads; leave some to its other clients and to the health probe.
  archiveMaxConcurrent: 40,
  // A browser opens at most 6 connections to the gateway; a frame batch counts for up to 4 archive requests.
  archiveMaxPerClient: 24,
  archiveQueueTimeoutMs: 10_000,
  delivery: { maxAttempts: 20, retryBaseMs: 10_000, retryCapMs: 900_000, timeoutMs: 15_000 },
  peerReview: { rate: 5, requirePrior: false, scale: 'radpeer' as Scale, blinded: true },
};

const millis = z.coerce
  .number({ error: 'expected a number of milliseconds' })
  .int('expected a whole number of milliseconds')
  .min(1, 'must be at least 1 ms')
  .max(3_600_000, 'must be at most 3,600,000 ms (1 hour)');

/** `name`, `name:port`, `1.2.3.4[:port]` or `[v6][:port]`, as a Host header carries it. */
const HOST_ENTRY = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

const allowedHostsSchema = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().trim().regex(HOST_ENTRY, 'expected host names like "readroom.example.org" or "readroom.example.org:8443" (no scheme, no path)'), {
    error: 'expected a list of host names',
  }),
);

function wholeNumber(what: string, min: number, max: number) {
  const message = `expected ${what} from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

const upstreamSchema = z
  .object({
    root: z.string({ error: 'expected the archive DICOMweb root URL, e.g. "http://127.0.0.1:8042/dicom-web"' }).refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
      } catch {
        return false;
      }
    }, 'expected an http(s) URL without query or fragment, e.g. "http://127.0.0.1:8042/dicom-web"'),
    authorization: z.string().min(1, 'must not be empty').optional(),
    username: z.string().min(1, 'must not be empty').optional(),
    password: z.string().optional(),
  })
  .strict()
  .superRefine((upstream, ctx) => {
    if (upstream.password !== undefined && upstream.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'a password was given without a username' });
    }
    if (upstream.username !== undefined && upstream.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'a username was given without a password' });
    }
    if (upstream.authorization !== undefined && upstream.username !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['authorization'], message: 'give either authorization or username+password, not both' });
    }
    if (/[\r\n]/.test(upstream.authorization ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['authorization'], message: 'must be a single header line' });
    }
  });

const sourceSchema = z
  .object({
    id: z
      .string({ error: 'expected a source id' })
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, "-" or "_" (it becomes part of a URL)'),
    label: z.string({ error: 'expected a label shown to users' }).trim().min(1, 'must not be empty').max(200),
    upstream: upstreamSchema,
    quirks: z
      .object({ queryValueEncoding: z.enum(QUERY_VALUE_ENCODINGS, { error: 'expected "literal" (Orthanc) or "percent" (standard)' }) })
      .strict()
      .default({ queryValueEncoding: 'percent' }),
    lossyPreview: z.enum(LOSSY_PREVIEW_KINDS, { error: 'expected "rendered" or "none"' }).default('rendered'),
    frameStreaming: z.boolean({ error: 'expected true or false' }).default(false),
  })
  .strict();

const syslogUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'tls:' && url.hostname !== '' && (url.pathname === '' || url.pathname === '/') && !url.search && !url.username;
  } catch {
    return false;
  }
}, 'expected tls://host:port (syslog over TLS, e.g. "tls://collector.example.org:6514")');

const auditSchema = z
  .object({
    sourceId: z.string().trim().min(1, 'must not be empty').max(128).optional(),
    syslog: z
      .object({ url: syslogUrl, ca: z.string().min(1).optional(), cert: z.string().min(1).optional(), key: z.string().min(1).optional() })
      .strict()
      .refine((syslog) => (syslog.cert === undefined) === (syslog.key === undefined), {
        message: 'give both cert and key (mutual TLS), or neither',
        path: ['cert'],
      })
      .optional(),
  })
  .strict();

/** An HL7 HD namespace id: no HL7 delimiter, no control character. */
const hl7Name = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9 ._:/-]{1,60}$/, 'expected letters, digits, space or . _ : / - (at most 60; no HL7 delimiters | ^ ~ \\ &)');

const deliverySchema = z
  .object({
    reportSr: z.boolean({ error: 'expected on or off' }).optional(),
    fhirUrl: z
      .string()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
        } catch {
          return false;
        }
      }, 'expected the FHIR base URL, http(s) without query, fragment or credentials, e.g. "https://fhir.example.org/r4"')
      .optional(),
    fhirAuthorization: z
      .string()
      .min(1, 'must not be empty')
      .refine((value) => !/[\r\n]/.test(value), 'must be a single header line')
      .optional(),
    hl7Mllp: z
      .string()
      .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9a-fA-F:.]+\]):[0-9]{1,5}$/, 'expected host:port, e.g. "ris.example.org:2575"')
      .refine((value) => {
        const port = Number(value.slice(value.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65535;
      }, 'expected a port from 1 to 65535')
      .optional(),
    hl7Tls: z.boolean({ error: 'expected on or off' }).optional(),
    hl7Ca: z.string().min(1).optional(),
    hl7Cert: z.string().min(1).optional(),
    hl7Key: z.string().min(1).optional(),
    hl7SendingFacility: hl7Name.optional(),
    hl7ReceivingApplication: hl7Name.optional(),
    hl7ReceivingFacility: hl7Name.optional(),
    organization: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
    maxAttempts: wholeNumber('a number of attempts', 1, 1000).optional(),
    retryBaseMs: millis.optional(),
    retryCapMs: millis.optional(),
    timeoutMs: millis.optional(),
  })
  .strict();

const percent = z.coerce
  .number({ error: 'expected a percentage from 0 to 100 (e.g. 5 or 2.5)' })
  .min(0, 'expected a percentage from 0 to 100 (e.g. 5 or 2.5)')
  .max(100, 'expected a percentage from 0 to 100 (e.g. 5 or 2.5)');

const MODALITY_RATE = /^\s*([A-Za-z0-9]{1,16})\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$/;

/** `CT=10,MR=2.5` (the variable) or `{ "CT": 10 }` (the file): percent per modality. */
const modalityRatesSchema = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'string') return value;
    const rates: Record<string, string> = {};
    for (const entry of value.split(',').filter((part) => part.trim() !== '')) {
      const match = MODALITY_RATE.exec(entry);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `expected MODALITY=percent pairs separated by commas, e.g. "CT=10,MR=2.5" (not "${entry.trim()}")` });
        return z.NEVER;
      }
      rates[match[1]!] = match[2]!;
    }
    return rates;
  },
  z.record(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'expected a modality code such as CT or MR'), percent, {
    error: 'expected modality rates such as { "CT": 10, "MR": 2.5 }',
  }),
);

const peerReviewSchema = z
  .object({
    rate: percent.optional(),
    modalityRates: modalityRatesSchema.optional(),
    requirePrior: z.boolean({ error: 'expected true or false' }).optional(),
    scale: z.enum(SCALES, { error: `expected ${SCALES.map((scale) => `"${scale}"`).join(' or ')}` }).optional(),
    blinded: z.boolean({ error: 'expected true or false' }).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.coerce
      .number({ error: 'expected a TCP port number (0-65535)' })
      .int('expected a TCP port number (0-65535)')
      .min(0, 'expected a TCP port number (0-65535)')
      .max(65535, 'expected a TCP port number (0-65535)')
      .optional(),
    staticDir: z.string().min(1).optional(),
    frameAncestors: z.string().min(1).optional(),
    trustProxy: z.boolean().optional(),
    allowedHosts: allowedHostsSchema.optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    dataDir: z.string().min(1).optional(),
    databaseUrl: z
      .string()
      .refine((value) => /^postgres(?:ql)?:\/\//.test(value), 'expected a postgres:// or postgresql:// URL')
      .optional(),
    sessionIdleMinutes: z.coerce
      .number({ error: 'expected minutes (1-1440)' })
      .int()
      .min(1, 'expected minutes (1-1440)')
      .max(1440, 'expected minutes (1-1440)')
      .optional(),
    sessionMaxHours: z.coerce.number({ error: 'expected hours (1-168)' }).int().min(1, 'expected hours (1-168)').max(168, 'expected hours (1-168)').optional(),
    claimIdleMinutes: wholeNumber('whole minutes', 1, 1440).optional(),
    /** `stat=60,urgent=240,routine=1440` (any may be left out). */
    turnaroundMinutes: z.string().optional(),
    shareMaxDays: z.coerce.number({ error: 'expected days (1-365)' }).int().min(1, 'expected days (1-365)').max(365, 'expected days (1-365)').optional(),
    imageCacheMb: z.coerce
      .number({ error: 'expected a size in MiB (128-4096)' })
      .int()
      .min(128, 'expected a size in MiB (128-4096)')
      .max(4096, 'expected a size in MiB (128-4096)')
      .optional(),
    audit: auditSchema.optional(),
    timeouts: z
      .object({ connectMs: millis.optional(), responseMs: millis.optional(), bodyIdleMs: millis.optional(), healthMs: millis.optional() })
      .strict()
      .optional(),
    maxUploadBytes: wholeNumber('a size in bytes', 1024, 64 * 1024 ** 3).optional(),
    uploadIdleTimeoutMs: millis.optional(),
    uploadMinBytesPerSecond: wholeNumber('a rate in bytes per second', 0, 1024 ** 3).optional(),
    uploadSpoolDir: z.string().min(1).optional(),
    archiveMaxConcurrent: wholeNumber('a number of requests', 1, 10_000).optional(),
    archiveMaxPerClient: wholeNumber('a number of requests', 1, 10_000).optional(),
    archiveQueueTimeoutMs: millis.optional(),
    sources: z.array(sourceSchema, { error: 'expected a list of sources' }).min(1, 'at least one source is required'),
    oidc: oidcProvidersSchema.optional(),
    delivery: deliverySchema.optional(),
    peerReview: peerReviewSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((source, index) => {
      if (seen.has(source.id)) ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `duplicate source id "${source.id}"` });
      seen.add(source.id);
    });
  });

type FileConfig = z.infer<typeof fileSchema>;
type Env = Record<string, string | undefined>;

/** Which env var each config path comes from, to name it in messages. */
const ENV_NAMES: Record<string, string> = {
  host: 'HOST',
  port: 'PORT',
  staticDir: 'READROOM_STATIC_DIR',
  frameAncestors: 'READROOM_FRAME_ANCESTORS',
  trustProxy: 'READROOM_TRUST_PROXY',
  allowedHosts: 'READROOM_ALLOWED_HOSTS',
  logLevel: 'LOG_LEVEL',
  dataDir: 'READROOM_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  sessionIdleMinutes: 'READROOM_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'READROOM_SESSION_MAX_HOURS',
  claimIdleMinutes: 'READROOM_CLAIM_IDLE_MINUTES',
  turnaroundMinutes: 'READROOM_TURNAROUND_MINUTES',
  imageCacheMb: 'READROOM_IMAGE_CACHE_MB',
  shareMaxDays: 'READROOM_SHARE_MAX_DAYS',
  maxUploadBytes: 'READROOM_MAX_UPLOAD_BYTES',
  uploadIdleTimeoutMs: 'READROOM_UPLOAD_IDLE_TIMEOUT_MS',
  uploadMinBytesPerSecond: 'READROOM_UPLOAD_MIN_BYTES_PER_SECOND',
  uploadSpoolDir: 'READROOM_UPLOAD_SPOOL_DIR',
  archiveMaxConcurrent: 'READROOM_ARCHIVE_MAX_CONCURRENT',
  archiveMaxPerClient: 'READROOM_ARCHIVE_MAX_PER_CLIENT',
  archiveQueueTimeoutMs: 'READROOM_ARCHIVE_QUEUE_TIMEOUT_MS',
  'audit.sourceId': 'READROOM_AUDIT_SOURCE_ID',
  'audit.syslog.url': 'READROOM_AUDIT_SYSLOG_URL',
  'audit.syslog.ca': 'READROOM_AUDIT_SYSLOG_CA',
  'audit.syslog.cert': 'READROOM_AUDIT_SYSLOG_CERT',
  'audit.syslog.key': 'READROOM_AUDIT_SYSLOG_KEY',
  'timeouts.connectMs': 'UPSTREAM_CONNECT_TIMEOUT_MS',
  'timeouts.responseMs': 'UPSTREAM_RESPONSE_TIMEOUT_MS',
  'timeouts.bodyIdleMs': 'UPSTREAM_BODY_IDLE_TIMEOUT_MS',
  'timeouts.healthMs': 'UPSTREAM_HEALTH_TIMEOUT_MS',
  'sources.0.upstream.root': 'DICOMWEB_UPSTREAM',
  'sources.0.upstream.username': 'DICOMWEB_UPSTREAM_USERNAME',
  'sources.0.upstream.password': 'DICOMWEB_UPSTREAM_PASSWORD',
  'sources.0.upstream.authorization': 'DICOMWEB_UPSTREAM_AUTHORIZATION',
  'sources.0.quirks.queryValueEncoding': 'DICOMWEB_QUERY_VALUE_ENCODING',
  'sources.0.lossyPreview': 'DICOMWEB_LOSSY_PREVIEW',
  'sources.0.frameStreaming': 'DICOMWEB_FRAME_STREAMING',
  'sources.0.label': 'DICOMWEB_LABEL',
  'delivery.reportSr': 'READROOM_REPORT_SR',
  'delivery.fhirUrl': 'READROOM_FHIR_URL',
  'delivery.fhirAuthorization': 'READROOM_FHIR_AUTHORIZATION',
  'delivery.hl7Mllp': 'READROOM_HL7_MLLP',
  'delivery.hl7Tls': 'READROOM_HL7_TLS',
  'delivery.hl7Ca': 'READROOM_HL7_CA',
  'delivery.hl7Cert': 'READROOM_HL7_CERT',
  'delivery.hl7Key': 'READROOM_HL7_KEY',
  'delivery.hl7SendingFacility': 'READROOM_HL7_SENDING_FACILITY',
  'delivery.hl7ReceivingApplication': 'READROOM_HL7_RECEIVING_APPLICATION',
  'delivery.hl7ReceivingFacility': 'READROOM_HL7_RECEIVING_FACILITY',
  'delivery.organization': 'READROOM_REPORT_ORGANIZATION',
  'delivery.maxAttempts': 'READROOM_DELIVERY_MAX_ATTEMPTS',
  'delivery.retryBaseMs': 'READROOM_DELIVERY_RETRY_BASE_MS',
  'delivery.retryCapMs': 'READROOM_DELIVERY_RETRY_CAP_MS',
  'delivery.timeoutMs': 'READROOM_DELIVERY_TIMEOUT_MS',
  'peerReview.rate': 'READROOM_PEER_REVIEW_RATE',
  'peerReview.modalityRates': 'READROOM_PEER_REVIEW_MODALITY_RATES',
  'peerReview.requirePrior': 'READROOM_PEER_REVIEW_REQUIRE_PRIOR',
  'peerReview.scale': 'READROOM_PEER_REVIEW_SCALE',
  'peerReview.blinded': 'READROOM_PEER_REVIEW_BLINDED',
  ...OIDC_ENV_NAMES,
};

/** The env var of a config path, or of its nearest parent that has one (`oidc.0.roleMapping.x.0`). */
function envNameOf(path: readonly PropertyKey[]): string {
  for (let length = path.length; length > 0; length -= 1) {
    const name = ENV_NAMES[path.slice(0, length).map(String).join('.')];
    if (name) return name;
  }
  return path.map(String).join('.');
}

function formatIssues(error: z.ZodError, origin: string, fromEnv: boolean): string {
  const lines = error.issues.map((issue) => {
    const where = fromEnv
      ? envNameOf(issue.path)
      : issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
    return `  - ${where || '(root)'}: ${issue.message}`;
  });
  return `Invalid Readroom gateway configuration (${origin}):\n${lines.join('\n')}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `true`/`1`/`yes` and `false`/`0`/`no` as booleans; anything else is left for the schema to refuse. */
function envBoolean(value: string | undefined): boolean | string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  if (['1', 'true', 'yes'].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(text.toLowerCase())) return false;
  return text;
}

function auditFromEnv(env: Env): Record<string, unknown> | undefined {
  const sourceId = nonEmpty(env['READROOM_AUDIT_SOURCE_ID']);
  const syslog = {
    url: nonEmpty(env['READROOM_AUDIT_SYSLOG_URL']),
    ca: nonEmpty(env['READROOM_AUDIT_SYSLOG_CA']),
    cert: nonEmpty(env['READROOM_AUDIT_SYSLOG_CERT']),
    key: nonEmpty(env['READROOM_AUDIT_SYSLOG_KEY']),
  };
  const hasSyslog = Object.values(syslog).some((value) => value !== undefined);
  if (sourceId === undefined && !hasSyslog) return undefined;
  return { sourceId, syslog: hasSyslog ? syslog : undefined };
}

function resolveAudit(audit: FileConfig['audit'], baseDir: string): AuditConfig {
  const sourceId = audit?.sourceId ?? hostname();
  if (!audit?.syslog) return { sourceId };
  const url = new URL(audit.syslog.url);
  return {
    sourceId,
    syslog: {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : SYSLOG_TLS_PORT,
      ...(audit.syslog.ca ? { caFile: path.resolve(baseDir, audit.syslog.ca) } : {}),
      ...(audit.syslog.cert ? { certFile: path.resolve(baseDir, audit.syslog.cert) } : {}),
      ...(audit.syslog.key ? { keyFile: path.resolve(baseDir, audit.syslog.key) } : {}),
    },
  };
}

/** `on`/`off` (and the usual true/false words) as a boolean; anything else is left for the schema to refuse. */
function envOnOff(value: string | undefined): boolean | string | undefined {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === 'on') return true;
  if (text === 'off') return false;
  return envBoolean(value);
}

function deliveryFromEnv(env: Env): Record<string, unknown> | undefined {
  const raw = {
    reportSr: envOnOff(env['READROOM_REPORT_SR']),
    fhirUrl: nonEmpty(env['READROOM_FHIR_URL']),
    fhirAuthorization: nonEmpty(env['READROOM_FHIR_AUTHORIZATION']),
    hl7Mllp: nonEmpty(env['READROOM_HL7_MLLP']),
    hl7Tls: envOnOff(env['READROOM_HL7_TLS']),
    hl7Ca: nonEmpty(env['READROOM_HL7_CA']),
    hl7Cert: nonEmpty(env['READROOM_HL7_CERT']),
    hl7Key: nonEmpty(env['READROOM_HL7_KEY']),
    hl7SendingFacility: nonEmpty(env['READROOM_HL7_SENDING_FACILITY']),
    hl7ReceivingApplication: nonEmpty(env['READROOM_HL7_RECEIVING_APPLICATION']),
    hl7ReceivingFacility: nonEmpty(env['READROOM_HL7_RECEIVING_FACILITY']),
    organization: nonEmpty(env['READROOM_REPORT_ORGANIZATION']),
    maxAttempts: nonEmpty(env['READROOM_DELIVERY_MAX_ATTEMPTS']),
    retryBaseMs: nonEmpty(env['READROOM_DELIVERY_RETRY_BASE_MS']),
    retryCapMs: nonEmpty(env['READROOM_DELIVERY_RETRY_CAP_MS']),
    timeoutMs: nonEmpty(env['READROOM_DELIVERY_TIMEOUT_MS']),
  };
  return Object.values(raw).some((value) => value !== undefined) ? raw : undefined;
}

function resolveHl7(delivery: FileConfig['delivery'], issues: string[], fromEnv: boolean, baseDir: string): DeliveryConfig['hl7'] {
  const name = (key: 'hl7Tls' | 'hl7Ca' | 'hl7Cert' | 'hl7Key', env: string) => (fromEnv ? env : `delivery.${key}`);
  const files = { caFile: delivery?.hl7Ca, certFile: delivery?.hl7Cert, keyFile: delivery?.hl7Key };
  if (!delivery?.hl7Tls && Object.values(files).some((file) => file !== undefined)) {
    issues.push(`  - ${name('hl7Tls', 'READROOM_HL7_TLS')}: the HL7 CA, certificate or key is given but TLS is off`);
  }
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    issues.push(
      `  - ${name('hl7Cert', 'READROOM_HL7_CERT')}: a client certificate needs its key (${name('hl7Key', 'READROOM_HL7_KEY')}), and a key its certificate`,
    );
  }
  if (!delivery?.hl7Mllp) {
    if (delivery?.hl7Tls) issues.push(`  - ${name('hl7Tls', 'READROOM_HL7_TLS')}: TLS is on but no HL7 receiver is given`);
    return undefined;
  }
  const at = delivery.hl7Mllp.lastIndexOf(':');
  const target = { host: delivery.hl7Mllp.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(delivery.hl7Mllp.slice(at + 1)) };
  if (!delivery.hl7Tls) return target;
  const tls = Object.fromEntries(Object.entries(files).flatMap(([key, file]) => (file ? [[key, path.resolve(baseDir, file)]] : [])));
  return { ...target, tls };
}

function resolveDelivery(delivery: FileConfig['delivery'], issues: string[], fromEnv: boolean, baseDir: string): DeliveryConfig {
  const d = DEFAULTS.delivery;
  const hl7 = resolveHl7(delivery, issues, fromEnv, baseDir);
  if (delivery?.fhirAuthorization && !delivery.fhirUrl) {
    issues.push(`  - ${fromEnv ? 'READROOM_FHIR_AUTHORIZATION' : 'delivery.fhirAuthorization'}: given without a FHIR URL`);
  }
  const retryBaseMs = delivery?.retryBaseMs ?? d.retryBaseMs;
  const retryCapMs = delivery?.retryCapMs ?? Math.max(d.retryCapMs, retryBaseMs);
  if (retryCapMs < retryBaseMs) issues.push(`  - ${fromEnv ? 'READROOM_DELIVERY_RETRY_CAP_MS' : 'delivery.retryCapMs'}: must not be below the base delay`);
  return {
    archiveSr: delivery?.reportSr ?? true,
    ...(delivery?.fhirUrl
      ? { fhir: { url: delivery.fhirUrl.replace(/\/+$/, ''), ...(delivery.fhirAuthorization ? { authorization: delivery.fhirAuthorization } : {}) } }
      : {}),
    ...(hl7 ? { hl7 } : {}),
    hl7SendingFacility: delivery?.hl7SendingFacility ?? 'READROOM',
    hl7ReceivingApplication: delivery?.hl7ReceivingApplication ?? '',
    hl7ReceivingFacility: delivery?.hl7ReceivingFacility ?? '',
    organization: delivery?.organization ?? 'Readroom',
    maxAttempts: delivery?.maxAttempts ?? d.maxAttempts,
    retryBaseMs,
    retryCapMs,
    timeoutMs: delivery?.timeoutMs ?? d.timeoutMs,
  };
}

function peerReviewFromEnv(env: Env): Record<string, unknown> | undefined {
  const raw = {
    rate: nonEmpty(env['READROOM_PEER_REVIEW_RATE']),
    modalityRates: nonEmpty(env['READROOM_PEER_REVIEW_MODALITY_RATES']),
    requirePrior: envOnOff(env['READROOM_PEER_REVIEW_REQUIRE_PRIOR']),
    scale: nonEmpty(env['READROOM_PEER_REVIEW_SCALE']),
    blinded: envOnOff(env['READROOM_PEER_REVIEW_BLINDED']),
  };
  return Object.values(raw).some((value) => value !== undefined) ? raw : undefined;
}

function resolvePeerReview(peerReview: FileConfig['peerReview']): PeerReviewConfig {
  const d = DEFAULTS.peerReview;
  return {
    rate: peerReview?.rate ?? d.rate,
    modalityRates: Object.fromEntries(Object.entries(peerReview?.modalityRates ?? {}).map(([modality, rate]) => [modality.toUpperCase(), rate])),
    requirePrior: peerReview?.requirePrior ?? d.requirePrior,
    scale: peerReview?.scale ?? d.scale,
    blinded: peerReview?.blinded ?? d.blinded,
  };
}

/** Raw (unvalidated) config object built from environment variables. */
function rawFromEnv(env: Env): Record<string, unknown> {
  const orthancPort = nonEmpty(env['ORTHANC_HTTP_PORT']) ?? '8042';
  return {
    host: nonEmpty(env['HOST']),
    port: nonEmpty(env['PORT']),
    staticDir: nonEmpty(env['READROOM_STATIC_DIR']),
    frameAncestors: nonEmpty(env['READROOM_FRAME_ANCESTORS']),
    trustProxy: envBoolean(env['READROOM_TRUST_PROXY']),
    allowedHosts: nonEmpty(env['READROOM_ALLOWED_HOSTS']),
    logLevel: nonEmpty(env['LOG_LEVEL']),
    dataDir: nonEmpty(env['READROOM_DATA_DIR']),
    databaseUrl: nonEmpty(env['DATABASE_URL']),
    sessionIdleMinutes: nonEmpty(env['READROOM_SESSION_IDLE_MINUTES']),
    sessionMaxHours: nonEmpty(env['READROOM_SESSION_MAX_HOURS']),
    claimIdleMinutes: nonEmpty(env['READROOM_CLAIM_IDLE_MINUTES']),
    turnaroundMinutes: nonEmpty(env['READROOM_TURNAROUND_MINUTES']),
    imageCacheMb: nonEmpty(env['READROOM_IMAGE_CACHE_MB']),
    shareMaxDays: nonEmpty(env['READROOM_SHARE_MAX_DAYS']),
    maxUploadBytes: nonEmpty(env['READROOM_MAX_UPLOAD_BYTES']),
    uploadIdleTimeoutMs: nonEmpty(env['READROOM_UPLOAD_IDLE_TIMEOUT_MS']),
    uploadMinBytesPerSecond: nonEmpty(env['READROOM_UPLOAD_MIN_BYTES_PER_SECOND']),
    uploadSpoolDir: nonEmpty(env['READROOM_UPLOAD_SPOOL_DIR']),
    archiveMaxConcurrent: nonEmpty(env['READROOM_ARCHIVE_MAX_CONCURRENT']),
    archiveMaxPerClient: nonEmpty(env['READROOM_ARCHIVE_MAX_PER_CLIENT']),
    archiveQueueTimeoutMs: nonEmpty(env['READROOM_ARCHIVE_QUEUE_TIMEOUT_MS']),
    audit: auditFromEnv(env),
    delivery: deliveryFromEnv(env),
    peerReview: peerReviewFromEnv(env),
    timeouts: {
      connectMs: nonEmpty(env['UPSTREAM_CONNECT_TIMEOUT_MS']),
      responseMs: nonEmpty(env['UPSTREAM_RESPONSE_TIMEOUT_MS']),
      bodyIdleMs: nonEmpty(env['UPSTREAM_BODY_IDLE_TIMEOUT_MS']),
      healthMs: nonEmpty(env['UPSTREAM_HEALTH_TIMEOUT_MS']),
    },
    sources: [
      {
        id: 'default',
        label: nonEmpty(env['DICOMWEB_LABEL']) ?? 'Image archive',
        upstream: {
          root: nonEmpty(env['DICOMWEB_UPSTREAM']) ?? `http://127.0.0.1:${orthancPort}/dicom-web`,
          username: nonEmpty(env['DICOMWEB_UPSTREAM_USERNAME']),
          password: env['DICOMWEB_UPSTREAM_PASSWORD'] || undefined,
          authorization: nonEmpty(env['DICOMWEB_UPSTREAM_AUTHORIZATION']),
        },
        // The env defaults point at the development Orthanc, which needs literal query values.
        quirks: { queryValueEncoding: nonEmpty(env['DICOMWEB_QUERY_VALUE_ENCODING']) ?? 'literal' },
        lossyPreview: nonEmpty(env['DICOMWEB_LOSSY_PREVIEW']),
        frameStreaming: envBoolean(env['DICOMWEB_FRAME_STREAMING']),
      },
    ],
    oidc: oidcFromEnv(env),
  };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Moves credentials out of the URL (`http://user:pass@host/...`) and drops the trailing slash. */
function resolveSource(source: FileConfig['sources'][number], issues: string[], where: string): SourceConfig {
  const url = new URL(source.upstream.root);
  let authorization = source.upstream.authorization;
  if (source.upstream.username !== undefined) authorization = basic(source.upstream.username, source.upstream.password ?? '');
  if (url.username || url.password) {
    if (authorization !== undefined) issues.push(`  - ${where}: credentials are given both in the URL and separately; keep one`);
    authorization = basic(decodeURIComponent(url.username), decodeURIComponent(url.password));
    url.username = '';
    url.password = '';
  }
  const root = url.href.replace(/\/+$/, '');
  return {
    id: source.id,
    label: source.label,
    upstream: authorization === undefined ? { root } : { root, authorization },
    quirks: source.quirks,
    lossyPreview: source.lossyPreview,
    frameStreaming: source.frameStreaming,
  };
}

/** Validates a raw config object (from a file or the environment) into a GatewayConfig. */
export function parseConfig(raw: unknown, options: { origin: string; fromEnv?: boolean; baseDir?: string; env?: Env } = { origin: 'object' }): GatewayConfig {
  const fromEnv = options.fromEnv ?? false;
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, options.origin, fromEnv));
  const config = parsed.data;

  const issues: string[] = [];
  const sources = config.sources.map((s, i) => resolveSource(s, issues, fromEnv ? 'DICOMWEB_UPSTREAM' : `sources[${i}].upstream.root`));
  let frameAncestors = DEFAULTS.frameAncestors;
  try {
    frameAncestors = normalizeFrameAncestors(config.frameAncestors ?? DEFAULTS.frameAncestors);
  } catch (error) {
    issues.push(`  - ${fromEnv ? 'READROOM_FRAME_ANCESTORS' : 'frameAncestors'}: ${(error as Error).message}`);
  }
  const delivery = resolveDelivery(config.delivery, issues, fromEnv, options.baseDir ?? process.cwd());
  let turnaroundMinutes = DEFAULT_TURNAROUND_MINUTES;
  try {
    turnaroundMinutes = parseTurnaroundMinutes(config.turnaroundMinutes);
  } catch (error) {
    const message = (error as Error).message;
    issues.push(`  - ${fromEnv ? message : message.replace(/^READROOM_TURNAROUND_MINUTES/, 'turnaroundMinutes')}`);
  }
  if (issues.length > 0) throw new ConfigError(`Invalid Readroom gateway configuration (${options.origin}):\n${issues.join('\n')}`);

  const baseDir = options.baseDir ?? process.cwd();
  return {
    host: config.host ?? DEFAULTS.host,
    port: config.port ?? DEFAULTS.port,
    staticDir: config.staticDir ? path.resolve(baseDir, config.staticDir) : path.join(REPO_ROOT, 'dist'),
    frameAncestors,
    trustProxy: config.trustProxy ?? DEFAULTS.trustProxy,
    allowedHosts: (config.allowedHosts ?? DEFAULTS.allowedHosts).map((entry) => entry.toLowerCase()),
    logLevel: config.logLevel ?? DEFAULTS.logLevel,
    database: config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'embedded', dir: path.join(config.dataDir ? path.resolve(baseDir, config.dataDir) : path.join(REPO_ROOT, 'data'), 'gateway-db') },
    session: {
      idleMs: (config.sessionIdleMinutes ?? DEFAULTS.sessionIdleMinutes) * 60_000,
      maxAgeMs: (config.sessionMaxHours ?? DEFAULTS.sessionMaxHours) * 3_600_000,
    },
    ...(config.imageCacheMb !== undefined ? { imageCacheMb: config.imageCacheMb } : {}),
    shareMaxDays: config.shareMaxDays ?? DEFAULTS.shareMaxDays,
    audit: resolveAudit(config.audit, baseDir),
    timeouts: { ...DEFAULTS.timeouts, ...stripUndefined(config.timeouts ?? {}) },
    maxUploadBytes: config.maxUploadBytes ?? DEFAULTS.maxUploadBytes,
    uploadIdleTimeoutMs: config.uploadIdleTimeoutMs ?? DEFAULTS.uploadIdleTimeoutMs,
    uploadMinBytesPerSecond: config.uploadMinBytesPerSecond ?? DEFAULTS.uploadMinBytesPerSecond,
    uploadSpoolDir: config.uploadSpoolDir ? path.resolve(baseDir, config.uploadSpoolDir) : tmpdir(),
    archiveMaxConcurrent: config.archiveMaxConcurrent ?? DEFAULTS.archiveMaxConcurrent,
    archiveMaxPerClient: config.archiveMaxPerClient ?? DEFAULTS.archiveMaxPerClient,
    archiveQueueTimeoutMs: config.archiveQueueTimeoutMs ?? DEFAULTS.archiveQueueTimeoutMs,
    sources: sources as [SourceConfig, ...SourceConfig[]],
    oidc: (config.oidc ?? []).map((provider) => stripUndefined(provider) as OidcProviderConfig),
    delivery,
    reading: { claimIdleMinutes: config.claimIdleMinutes ?? DEFAULT_CLAIM_IDLE_MINUTES, turnaroundMinutes },
    peerReview: resolvePeerReview(config.peerReview),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Config from environment variables only (a single source with id "default"). */
export function configFromEnv(env: Env = process.env): GatewayConfig {
  return parseConfig(rawFromEnv(env), { origin: 'environment variables', fromEnv: true });
}

/**
 * Config from the JSON file named by READROOM_CONFIG; missing top-level settings (everything but the
 * sources) fall back to the same environment variables and defaults as `configFromEnv`.
 * A relative `staticDir` is resolved against the file's folder.
 */
export function configFromFile(file: string, env: Env = process.env): GatewayConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read the Readroom gateway configuration file ${file} (READROOM_CONFIG): ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`The Readroom gateway configuration file ${file} must contain a JSON object with a "sources" list.`);
  }
  const fromEnv = rawFromEnv(env);
  const fileObject = json as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...fileObject };
  const fromEnvKeys = [
    'host',
    'port',
    'frameAncestors',
    'trustProxy',
    'allowedHosts',
    'logLevel',
    'imageCacheMb',
    'databaseUrl',
    'sessionIdleMinutes',
    'sessionMaxHours',
    'claimIdleMinutes',
    'turnaroundMinutes',
    'shareMaxDays',
    'audit',
    'oidc',
    'delivery',
    'peerReview',
  ] as const;
  const limitKeys = [
    'maxUploadBytes',
    'uploadIdleTimeoutMs',
    'uploadMinBytesPerSecond',
    'archiveMaxConcurrent',
    'archiveMaxPerClient',
    'archiveQueueTimeoutMs',
  ] as const;
  for (const key of [...fromEnvKeys, ...limitKeys]) {
    if (merged[key] === undefined && fromEnv[key] !== undefined) merged[key] = fromEnv[key];
  }
  const envTimeouts = stripUndefined(fromEnv['timeouts'] as Record<string, unknown>);
  const fileTimeouts = fileObject['timeouts'];
  merged['timeouts'] = typeof fileTimeouts === 'object' && fileTimeouts !== null ? { ...envTimeouts, ...fileTimeouts } : (fileTimeouts ?? envTimeouts);
  const staticDirFromEnv = nonEmpty(env['READROOM_STATIC_DIR']);
  if (merged['staticDir'] === undefined && staticDirFromEnv !== undefined) merged['staticDir'] = path.resolve(staticDirFromEnv);
  const dataDirFromEnv = nonEmpty(env['READROOM_DATA_DIR']);
  if (merged['dataDir'] === undefined && dataDirFromEnv !== undefined) merged['dataDir'] = path.resolve(dataDirFromEnv);
  const spoolDirFromEnv = nonEmpty(env['READROOM_UPLOAD_SPOOL_DIR']);
  if (merged['uploadSpoolDir'] === undefined && spoolDirFromEnv !== undefined) merged['uploadSpoolDir'] = path.resolve(spoolDirFromEnv);
  return parseConfig(merged, { origin: `file ${file}`, baseDir: path.dirname(path.resolve(file)) });
}

/** READROOM_CONFIG file if set, else environment variables. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const file = nonEmpty(env['READROOM_CONFIG']);
  return file ? configFromFile(file, env) : configFromEnv(env);
}
