import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { INLINE_CONFIG_ID } from '../../src/page-context/load-runtime-config.ts';

/**
 * The SPA's index.html as the gateway sends it: the runtime configuration inlined (the app starts without
 * asking for /app-config.json, one round trip less before the first query), and on viewer URLs the
 * viewer's chunks announced as module preloads so they download while the entry script runs.
 */

/** JSON safe inside a <script> element: no `</script>`, `<!--` or line separators can end or confuse it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export interface IndexExtras {
  /** Serialised as the inline configuration. */
  appConfig: unknown;
  /** Absolute URLs of module scripts that run as soon as they arrive (async), before the app's entry. */
  asyncScripts?: readonly string[];
  /** Absolute URLs of module scripts to preload. */
  modulePreloads: readonly string[];
  /** Absolute URLs of style sheets to preload. */
  stylePreloads: readonly string[];
}

export function renderIndexHtml(template: string, extras: IndexExtras): string {
  const tags = [
    `<script type="application/json" id="${INLINE_CONFIG_ID}">${scriptSafeJson(extras.appConfig)}</script>`,
    ...(extras.asyncScripts ?? []).map((src) => `<script type="module" async crossorigin src="${attribute(src)}"></script>`),
    ...extras.modulePreloads.map((href) => `<link rel="modulepreload" href="${attribute(href)}" />`),
    // crossorigin: Vite links the chunk's style sheet with it, and a preload only serves a request of the same mode.
    ...extras.stylePreloads.map((href) => `<link rel="preload" as="style" crossorigin href="${attribute(href)}" />`),
  ].join('\n    ');
  const at = template.search(/<\/head>/i);
  if (at < 0) throw new Error('index.html has no </head>');
  return `${template.slice(0, at)}  ${tags}\n  ${template.slice(at)}`;
}

/** One entry of Vite's build manifest (dist/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** The source module of the viewer route's lazy chunk, as named in Vite's manifest. */
export const VIEWER_CHUNK_SOURCE = 'src/viewer/ViewerPage.tsx';
/** The viewer page's launch script (an entry of its own), as named in Vite's manifest. */
export const LAUNCH_ENTRY_SOURCE = 'src/app/launch.ts';

/** The URL of a chunk named in the manifest, if the build has it. */
export function chunkUrl(manifest: ViteManifest, source: string): string | undefined {
  const chunk = manifest[source];
  return chunk ? `/${chunk.file}` : undefined;
}

/**
 * The files the viewer chunk needs beyond what the entry already loads: its own file and its static
 * imports (transitively), and their style sheets.
 */
export function chunkPreloads(manifest: ViteManifest, source: string): { modules: string[]; styles: string[] } {
  const entryFiles = new Set<string>();
  const collectEntry = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || entryFiles.has(key)) return;
    entryFiles.add(key);
    chunk.imports?.forEach(collectEntry);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) collectEntry(key);

  const modules: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || entryFiles.has(key)) return;
    seen.add(key);
    modules.push(`/${chunk.file}`);
    chunk.css?.forEach((css) => styles.push(`/${css}`));
    chunk.imports?.forEach(visit);
  };
  visit(source);
  return { modules, styles };
}

/** Reads index.html and the manifest again whenever the build changes (the gateway may start before a build). */
export class IndexHtmlSource {
  private cached: { stamp: string; template: string; manifest: ViteManifest } | undefined;

  constructor(private readonly staticDir: string) {}

  get indexFile(): string {
    return path.join(this.staticDir, 'index.html');
  }

  private manifestFile(): string {
    return path.join(this.staticDir, '.vite', 'manifest.json');
  }

  /** undefined when the app is not built. */
  load(): { template: string; manifest: ViteManifest } | undefined {
    if (!existsSync(this.indexFile)) return undefined;
    const manifestFile = this.manifestFile();
    const hasManifest = existsSync(manifestFile);
    const stamp = `${statSync(this.indexFile).mtimeMs}:${hasManifest ? statSync(manifestFile).mtimeMs : '-'}`;
    if (this.cached?.stamp !== stamp) {
      const manifest = hasManifest ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as ViteManifest) : {};
      this.cached = { stamp, template: readFileSync(this.indexFile, 'utf8'), manifest };
    }
    return this.cached;
  }
}
