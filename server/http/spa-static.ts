import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { declareAccessForScope } from '../auth/access.ts';
import { sessionView } from '../auth/session-routes.ts';
import type { AppConfig } from './runtime-config.ts';
import { chunkPreloads, chunkUrl, IndexHtmlSource, LAUNCH_ENTRY_SOURCE, renderIndexHtml, VIEWER_CHUNK_SOURCE } from './index-html.ts';
import { pathOnly } from './logging.ts';
import { shareSessionView } from '../shares/share-exchange.ts';

/**
 * Serves the built SPA (dist/): hashed files under /assets are cached forever, everything else
 * (index.html first) is revalidated. Unknown paths that a browser navigates to get index.html so the
 * client-side router can handle them; unknown API, DICOMweb and asset paths get a JSON 404.
 */

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Prefixes that never fall back to index.html. */
const NO_FALLBACK = /^\/(?:dicom-web|sources|api|assets)(?:\/|$)/;

export function notBuiltMessage(staticDir: string): string {
  return `Readroom is not built yet: ${path.join(staticDir, 'index.html')} is missing. Run \`npm run build\`, then reload this page.`;
}

function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

/** The one page served without a session. */
export const SIGN_IN_PATH = '/sign-in';

/** Where a signed-out browser is sent, with the address it asked for (a launch URL survives sign-in). */
export function signInRedirect(requestedUrl: string): string {
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(requestedUrl)}`;
}

/** The page's configuration for this request: the signed-in user's name and roles, or nothing of anyone. */
function pageConfig(appConfig: AppConfig, request: FastifyRequest): AppConfig {
  const principal = request.principal;
  if (!principal) return appConfig;
  // A link's recipient: the shared studies, no account.
  if (principal.share) return { ...appConfig, share: shareSessionView(principal.share) };
  // What GET /api/session answers (the arbiter flag included).
  const session = sessionView(principal);
  return { ...appConfig, session, user: principal.personName };
}

/** A share link's landing page, served without a session (server/shares/share-exchange.ts). */
const SHARE_LANDING_PATH = /^\/s\/[^/]+\/?$/;

/** Paths whose page is the viewer: its launch script runs first, its chunks are preloaded with the document. */
const VIEWER_PATH = /^\/viewer\/?$/;

export async function registerSpa(app: FastifyInstance, staticDir: string, appConfig: AppConfig): Promise<void> {
  const assetsDir = path.join(staticDir, 'assets') + path.sep;
  const index = new IndexHtmlSource(staticDir);

  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    const requestPath = pathOnly(request.raw.url);
    if (!request.principal && requestPath !== SIGN_IN_PATH && !SHARE_LANDING_PATH.test(requestPath)) {
      return reply
        .code(302)
        .header('cache-control', 'no-store')
        .header('location', signInRedirect(request.raw.url ?? '/'))
        .send();
    }
    const built = index.load();
    if (!built) return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(notBuiltMessage(staticDir));
    const viewer = VIEWER_PATH.test(requestPath);
    const preloads = viewer ? chunkPreloads(built.manifest, VIEWER_CHUNK_SOURCE) : { modules: [], styles: [] };
    const launch = viewer ? chunkUrl(built.manifest, LAUNCH_ENTRY_SOURCE) : undefined;
    const html = renderIndexHtml(built.template, {
      appConfig: pageConfig(appConfig, request),
      asyncScripts: launch ? [launch] : [],
      modulePreloads: preloads.modules,
      stylePreloads: preloads.styles,
    });
    // The page names the signed-in user: never from a shared cache.
    return reply.header('cache-control', 'no-store').header('vary', 'cookie').type('text/html; charset=utf-8').send(html);
  };

  await app.register(async (scope) => {
    // Optional session: unknown paths fall through to the page, which needs to know who is signed in.
    declareAccessForScope(scope, { public: "the app's own files (no patient data)", session: 'optional' });
    await scope.register(fastifyStatic, {
      root: staticDir,
      // Checked per request below instead: the gateway may start before `npm run build` has run.
      suppressWarning: true,
      wildcard: true,
      // index.html is sent by sendIndex (with the inline configuration), never as a plain file.
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      // The build writes .br and .gz next to each asset (scripts/lib/precompress-assets.ts): served by Accept-Encoding.
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
      },
    });
  });

  const page = { config: { access: { public: 'app pages (they redirect to sign-in without a session)', session: 'optional' as const } } };
  app.get('/', page, sendIndex);
  app.get('/index.html', page, sendIndex);
  // A share link's landing page: the app only (no lookup, nothing counted or changed), for anyone with the link.
  app.get('/s/:token', { config: { access: { public: 'share link landing page (the app only; changes nothing)', session: 'optional' } } }, sendIndex);

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const requestPath = pathOnly(request.raw.url);
    const navigable = (request.method === 'GET' || request.method === 'HEAD') && !NO_FALLBACK.test(requestPath) && acceptsHtml(request);
    if (navigable) return sendIndex(request, reply);
    return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', message: 'Nothing is served at this address.' });
  });
}
