/**
 * Just enough of a browser for sign-in tests over real HTTP: a cookie jar (by host and path, as
 * browsers keep them: ports share cookies), requests that do not follow redirects, and the forms and
 * meta refreshes of server-rendered pages.
 */

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

export interface Form {
  action: URL;
  fields: Record<string, string>;
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];

function decodeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export class CookieBrowser {
  private cookies: StoredCookie[] = [];

  /** The Cookie header a browser would send to this URL. */
  cookieHeader(url: URL): string {
    return this.cookies
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  setCookie(url: URL, name: string, value: string, path = '/'): void {
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.host === url.hostname && c.path === path));
    this.cookies.push({ name, value, host: url.hostname, path });
  }

  private store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? url.pathname.replace(/\/[^/]*$/, '/');
      const maxAge = attr('max-age');
      const expires = attr('expires');
      const gone = value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.host === url.hostname && c.path === path));
      if (!gone) this.cookies.push({ name, value, host: url.hostname, path });
    }
  }

  async request(url: URL, init: { method?: string; form?: Record<string, string>; accept?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: init.accept ?? 'text/html' };
    const cookie = this.cookieHeader(url);
    if (cookie) headers['cookie'] = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(url, response);
    return response;
  }

  /** The first form of a page, with the values of its inputs. */
  static form(html: string, pageUrl: URL): Form | undefined {
    const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) return undefined;
    const action = attribute(form[0].slice(0, form[0].indexOf('>') + 1), 'action') ?? pageUrl.href;
    const fields: Record<string, string> = {};
    for (const input of form[1]!.match(/<input\b[^>]*>/gi) ?? []) {
      const name = attribute(input, 'name');
      if (name) fields[name] = decodeHtml(attribute(input, 'value') ?? '');
    }
    return { action: new URL(decodeHtml(action), pageUrl), fields };
  }

  /** The target of a `<meta http-equiv="refresh">`, if the page has one. */
  static metaRefresh(html: string, pageUrl: URL): URL | undefined {
    const content = /<meta\s+http-equiv="refresh"\s+content="([^"]*)"/i.exec(html)?.[1];
    const target = content && /url='?([^']*)'?/i.exec(decodeHtml(content))?.[1];
    return target ? new URL(target, pageUrl) : undefined;
  }
}
