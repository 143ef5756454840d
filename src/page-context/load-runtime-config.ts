import { parseRuntimeConfig, type RuntimeConfig } from '../dicomweb/runtime-config.ts';
import { SESSION_PATH } from '../session/session-end.ts';
import { parseSession, type Session } from '../session/session.ts';

/** The id of the inline JSON script the gateway puts into index.html (server/http/index-html.ts). */
export const INLINE_CONFIG_ID = 'rr-runtime-config';

/**
 * The configuration the gateway inlined into the page, if it did (the Vite dev server does not: then the
 * app asks for /app-config.json). Throws, like loadRuntimeConfig, when it is there but invalid.
 */
export function readInlineRuntimeConfig(doc: Pick<Document, 'getElementById'> = document): RuntimeConfig | undefined {
  const text = doc.getElementById(INLINE_CONFIG_ID)?.textContent;
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The runtime configuration in the page is not JSON (${(err as Error).message}).`, { cause: err });
  }
  return parseRuntimeConfig(json);
}

/**
 * The configuration of a page the gateway did not render (the Vite dev server): /app-config.json, and who
 * is signed in from `GET /api/session` (the gateway's pages carry both inline: no request at start-up).
 */
export async function loadRuntimeConfig(signal?: AbortSignal): Promise<RuntimeConfig> {
  let res: Response;
  try {
    res = await fetch('/app-config.json', { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new Error(`The Readroom server is not reachable (${(err as Error).message}).`, { cause: err });
  }
  if (!res.ok) throw new Error(`Could not load the runtime configuration (HTTP ${res.status}).`);
  const [config, session] = await Promise.all([res.json().then(parseRuntimeConfig), loadSession(signal)]);
  return session ? { ...config, session, user: session.personName } : config;
}

/** Who is signed in, as `GET /api/session` says; undefined when nobody is (401) or it cannot be asked. */
async function loadSession(signal?: AbortSignal): Promise<Session | undefined> {
  try {
    const res = await fetch(SESSION_PATH, { signal, headers: { Accept: 'application/json' }, cache: 'no-store' });
    return res.ok ? parseSession(await res.json()) : undefined;
  } catch {
    return undefined;
  }
}
