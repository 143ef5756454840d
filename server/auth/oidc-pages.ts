import { SIGN_IN_PATH } from '../http/spa-static.ts';

/**
 * The two pages the single sign-on callback answers a browser with. No script (the CSP allows none
 * inline); every text is escaped.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}<title>${escapeHtml(title)} – Readroom</title>
<style>body{font-family:system-ui,sans-serif;background:#111418;color:#e6e9ee;display:grid;place-items:center;min-height:90vh;margin:0}main{max-width:32rem;padding:1.5rem}a{color:#7ab7ff}</style>
</head><body><main>${body}</main></body></html>`;
}

/**
 * After the provider's redirect, the browser is still on a navigation another site started, so it
 * would not send the SameSite=Strict session cookie on a plain redirect to `next`; this page's own
 * navigation is same-site and does carry it.
 */
export function continuePage(nextPath: string): string {
  const target = escapeHtml(nextPath.replace(/['"]/g, (c) => encodeURIComponent(c)));
  return page('Signed in', `<meta http-equiv="refresh" content="0;url='${target}'">`, `<p>Signed in. <a href="${target}">Continue to Readroom</a></p>`);
}

export function failurePage(title: string, message: string, nextPath: string): string {
  const retry = escapeHtml(`${SIGN_IN_PATH}?next=${encodeURIComponent(nextPath)}`);
  return page(title, '', `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="${retry}">Back to sign-in</a></p>`);
}
