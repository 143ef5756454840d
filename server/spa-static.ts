import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathOnly } from './logging.ts';

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

export async function registerSpa(app: FastifyInstance, staticDir: string): Promise<void> {
  const assetsDir = path.join(staticDir, 'assets') + path.sep;
  const indexFile = path.join(staticDir, 'index.html');

  await app.register(fastifyStatic, {
    root: staticDir,
    // Checked per request below instead: the gateway may start before `npm run build` has run.
    suppressWarning: true,
    wildcard: true,
    index: ['index.html'],
    dotfiles: 'ignore',
    cacheControl: false,
    // The build writes .br and .gz next to each asset (scripts/lib/precompress-assets.ts): served by Accept-Encoding.
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
    },
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const requestPath = pathOnly(request.raw.url);
    const navigable = (request.method === 'GET' || request.method === 'HEAD') && !NO_FALLBACK.test(requestPath) && acceptsHtml(request);
    if (navigable) {
      if (!existsSync(indexFile)) {
        return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(notBuiltMessage(staticDir));
      }
      return reply.sendFile('index.html');
    }
    return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', message: 'Nothing is served at this address.' });
  });
}
