/**
 * Where to go after signing in: only a path on this site (`/viewer?StudyInstanceUIDs=…`), never an
 * absolute URL, a scheme-relative `//host`, a backslash trick (`/\host`, which browsers read as `//host`)
 * or anything with control characters. Whatever else is asked for becomes `/`.
 */
export function safeNextPath(requested: unknown): string {
  if (typeof requested !== 'string' || requested.length > 2000) return '/';
  if (!requested.startsWith('/') || requested.startsWith('//') || requested.includes('\\') || hasControlCharacter(requested)) return '/';
  const base = 'http://readroom.invalid';
  let url: URL;
  try {
    url = new URL(requested, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
