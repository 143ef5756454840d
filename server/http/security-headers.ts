import type { FastifyInstance } from 'fastify';

/**
 * The one place that defines the browser security policy of every gateway response.
 * No inline scripts; WebAssembly (codecs) allowed; workers from the origin or blob: URLs;
 * images from data:/blob: (thumbnails, rendered frames); network only to the gateway itself.
 */

const KEYWORDS = new Set(['none', 'self']);
const SOURCE_EXPRESSION = /^(?:'(?:none|self)'|(?:https?:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?(?:\/[^\s;,']*)?|https?:)$/i;

/**
 * Normalises a frame-ancestors value: bare `none`/`self` get their quotes, tokens are checked so nothing
 * can break out of the directive. Throws with a readable message otherwise.
 */
export function normalizeFrameAncestors(value: string): string {
  const tokens = value.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new Error("must not be empty (use 'none' to forbid framing)");
  const normalized = tokens.map((token) => (KEYWORDS.has(token.toLowerCase()) ? `'${token.toLowerCase()}'` : token));
  for (const token of normalized) {
    if (!SOURCE_EXPRESSION.test(token)) {
      throw new Error(`"${token}" is not a valid frame-ancestors source (expected 'none', 'self' or an origin like https://ris.example.org)`);
    }
  }
  if (normalized.includes("'none'") && normalized.length > 1) throw new Error("'none' cannot be combined with other sources");
  return normalized.join(' ');
}

export function contentSecurityPolicy(frameAncestors = "'none'"): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    // Only PDFs the app has fetched and checked (report documents shown inline); no page of any origin.
    'frame-src blob:',
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Headers set on every response. X-Frame-Options mirrors frame-ancestors where it can express it. */
export function securityHeaders(frameAncestors = "'none'"): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(frameAncestors),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (frameAncestors === "'none'") headers['x-frame-options'] = 'DENY';
  else if (frameAncestors === "'self'") headers['x-frame-options'] = 'SAMEORIGIN';
  return headers;
}

/** Adds the headers last (onSend), so they also override anything an upstream archive sent. */
export function registerSecurityHeaders(app: FastifyInstance, frameAncestors: string): void {
  const headers = securityHeaders(frameAncestors);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers);
    if (!headers['x-frame-options']) reply.removeHeader('x-frame-options');
    return payload;
  });
}
