import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OIDC_ENV_NAMES, oidcFromEnv, oidcProvidersSchema, type OidcProviderConfig } from './auth/oidc-config.ts';
import type { SessionSettings } from './auth/sessions.ts';
import type { DatabaseLocation } from './db/database.ts';
import { normalizeFrameAncestors } from './http/security-headers.ts';

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
 * The gateway itself never rewrites query strings; the quirk is published in /app-config.json for the SPA.
 */
export const QUERY_VALUE_ENCODINGS = ['literal', 'percent'] as const;
export type QueryValueEncoding = (typeof QUERY_VALUE_ENCODINGS)[number];

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

export const LOSSY_PREVIEW_KINDS = ['rendered', 'none'] as const;
export type LossyPreviewKind = (typeof LOSSY_PREVIEW_KINDS)[number];

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
  logLevel: string;
  /** Where the gateway keeps its state: the embedded database under the data folder, or PostgreSQL. */
  database: DatabaseLocation;
  /** Session idle timeout and absolute lifetime. */
  session: SessionSettings;
  /** Decoded-image cache of each browser, in MiB (unset: derived from the device's memory). */
  imageCacheMb?: number;
  timeouts: GatewayTimeouts;
  /** Never empty; the first source is the default one (also served at `/dicom-web`). */
  sources: [SourceConfig, ...SourceConfig[]];
  /** Identity providers for single sign-on (none: local accounts only). */
  oidc: OidcProviderConfig[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  frameAncestors: "'none'",
  trustProxy: false,
  logLevel: 'info',
  timeouts: { connectMs: 5_000, responseMs: 30_000, bodyIdleMs: 60_000, healthMs: 3_000 },
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
};

const millis = z.coerce
  .number({ error: 'expected a number of milliseconds' })
  .int('expected a whole number of milliseconds')
  .min(1, 'must be at least 1 ms')
  .max(3_600_000, 'must be at most 3,600,000 ms (1 hour)');

const upstreamSchema = z
  .object({
    root: z
      .string({ error: 'expected the archive DICOMweb root URL, e.g. "http://127.0.0.1:8042/dicom-web"' })
      .refine((value) => {
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

const fileSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.coerce.number({ error: 'expected a TCP port number (0-65535)' }).int('expected a TCP port number (0-65535)').min(0, 'expected a TCP port number (0-65535)').max(65535, 'expected a TCP port number (0-65535)').optional(),
    staticDir: z.string().min(1).optional(),
    frameAncestors: z.string().min(1).optional(),
    trustProxy: z.boolean().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    dataDir: z.string().min(1).optional(),
    databaseUrl: z
      .string()
      .refine((value) => /^postgres(?:ql)?:\/\//.test(value), 'expected a postgres:// or postgresql:// URL')
      .optional(),
    sessionIdleMinutes: z.coerce.number({ error: 'expected minutes (1-1440)' }).int().min(1, 'expected minutes (1-1440)').max(1440, 'expected minutes (1-1440)').optional(),
    sessionMaxHours: z.coerce.number({ error: 'expected hours (1-168)' }).int().min(1, 'expected hours (1-168)').max(168, 'expected hours (1-168)').optional(),
    imageCacheMb: z.coerce.number({ error: 'expected a size in MiB (128-4096)' }).int().min(128, 'expected a size in MiB (128-4096)').max(4096, 'expected a size in MiB (128-4096)').optional(),
    timeouts: z
      .object({ connectMs: millis.optional(), responseMs: millis.optional(), bodyIdleMs: millis.optional(), healthMs: millis.optional() })
      .strict()
      .optional(),
    sources: z.array(sourceSchema, { error: 'expected a list of sources' }).min(1, 'at least one source is required'),
    oidc: oidcProvidersSchema.optional(),
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
  logLevel: 'LOG_LEVEL',
  dataDir: 'READROOM_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  sessionIdleMinutes: 'READROOM_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'READROOM_SESSION_MAX_HOURS',
  imageCacheMb: 'READROOM_IMAGE_CACHE_MB',
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
    const where = fromEnv ? envNameOf(issue.path) : issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
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

/** Raw (unvalidated) config object built from environment variables. */
function rawFromEnv(env: Env): Record<string, unknown> {
  const orthancPort = nonEmpty(env['ORTHANC_HTTP_PORT']) ?? '8042';
  return {
    host: nonEmpty(env['HOST']),
    port: nonEmpty(env['PORT']),
    staticDir: nonEmpty(env['READROOM_STATIC_DIR']),
    frameAncestors: nonEmpty(env['READROOM_FRAME_ANCESTORS']),
    trustProxy: envBoolean(env['READROOM_TRUST_PROXY']),
    logLevel: nonEmpty(env['LOG_LEVEL']),
    dataDir: nonEmpty(env['READROOM_DATA_DIR']),
    databaseUrl: nonEmpty(env['DATABASE_URL']),
    sessionIdleMinutes: nonEmpty(env['READROOM_SESSION_IDLE_MINUTES']),
    sessionMaxHours: nonEmpty(env['READROOM_SESSION_MAX_HOURS']),
    imageCacheMb: nonEmpty(env['READROOM_IMAGE_CACHE_MB']),
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
  if (issues.length > 0) throw new ConfigError(`Invalid Readroom gateway configuration (${options.origin}):\n${issues.join('\n')}`);

  const baseDir = options.baseDir ?? process.cwd();
  return {
    host: config.host ?? DEFAULTS.host,
    port: config.port ?? DEFAULTS.port,
    staticDir: config.staticDir ? path.resolve(baseDir, config.staticDir) : path.join(REPO_ROOT, 'dist'),
    frameAncestors,
    trustProxy: config.trustProxy ?? DEFAULTS.trustProxy,
    logLevel: config.logLevel ?? DEFAULTS.logLevel,
    database: config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'embedded', dir: path.join(config.dataDir ? path.resolve(baseDir, config.dataDir) : path.join(REPO_ROOT, 'data'), 'gateway-db') },
    session: {
      idleMs: (config.sessionIdleMinutes ?? DEFAULTS.sessionIdleMinutes) * 60_000,
      maxAgeMs: (config.sessionMaxHours ?? DEFAULTS.sessionMaxHours) * 3_600_000,
    },
    ...(config.imageCacheMb !== undefined ? { imageCacheMb: config.imageCacheMb } : {}),
    timeouts: { ...DEFAULTS.timeouts, ...stripUndefined(config.timeouts ?? {}) },
    sources: sources as [SourceConfig, ...SourceConfig[]],
    oidc: (config.oidc ?? []).map((provider) => stripUndefined(provider) as OidcProviderConfig),
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
 * Config from the JSON file named by READROOM_CONFIG; missing top-level settings (port, host, static dir,
 * frame ancestors, timeouts) fall back to the same environment variables and defaults as `configFromEnv`.
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
  for (const key of ['host', 'port', 'frameAncestors', 'trustProxy', 'logLevel', 'imageCacheMb', 'databaseUrl', 'sessionIdleMinutes', 'sessionMaxHours', 'oidc'] as const) {
    if (merged[key] === undefined && fromEnv[key] !== undefined) merged[key] = fromEnv[key];
  }
  const envTimeouts = stripUndefined(fromEnv['timeouts'] as Record<string, unknown>);
  const fileTimeouts = fileObject['timeouts'];
  merged['timeouts'] = typeof fileTimeouts === 'object' && fileTimeouts !== null ? { ...envTimeouts, ...fileTimeouts } : fileTimeouts ?? envTimeouts;
  const staticDirFromEnv = nonEmpty(env['READROOM_STATIC_DIR']);
  if (merged['staticDir'] === undefined && staticDirFromEnv !== undefined) merged['staticDir'] = path.resolve(staticDirFromEnv);
  const dataDirFromEnv = nonEmpty(env['READROOM_DATA_DIR']);
  if (merged['dataDir'] === undefined && dataDirFromEnv !== undefined) merged['dataDir'] = path.resolve(dataDirFromEnv);
  return parseConfig(merged, { origin: `file ${file}`, baseDir: path.dirname(path.resolve(file)) });
}

/** READROOM_CONFIG file if set, else environment variables. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const file = nonEmpty(env['READROOM_CONFIG']);
  return file ? configFromFile(file, env) : configFromEnv(env);
}
