import { describe, expect, it } from 'vitest';
import { chunkPreloads, renderIndexHtml, scriptSafeJson, type ViteManifest } from './index-html.ts';

describe('index.html as the gateway sends it', () => {
  it('inlines JSON that cannot close its script element or start a comment', () => {
    const hostile = { friendlyName: '</script><script>alert(1)</script><!-- \u2028 & >' };
    const json = scriptSafeJson(hostile);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(hostile);
  });

  it('puts the configuration and preloads before </head> and keeps the rest', () => {
    const template = '<html><head><title>R</title></head><body>x</body></html>';
    const html = renderIndexHtml(template, {
      appConfig: { a: 1 },
      asyncScripts: ['/assets/launch.js'],
      modulePreloads: ['/assets/v.js'],
      stylePreloads: ['/assets/v.css'],
    });
    expect(html.indexOf('<script type="application/json" id="rr-runtime-config">{"a":1}</script>')).toBeLessThan(html.indexOf('</head>'));
    expect(html).toContain('<link rel="modulepreload" href="/assets/v.js" />');
    expect(html).toContain('<script type="module" async crossorigin src="/assets/launch.js"></script>');
    expect(html).toContain('<link rel="preload" as="style" crossorigin href="/assets/v.css" />');
    expect(
      html.replace(/\s*<script type="(?:application\/json|module)".*?<\/script>|\s*<link rel="(?:modulepreload|preload)"[^>]*>/gs, '').replace(/\s+/g, ''),
    ).toBe(template.replace(/\s+/g, ''));
    expect(() => renderIndexHtml('<html></html>', { appConfig: {}, modulePreloads: [], stylePreloads: [] })).toThrow(/<\/head>/);
  });

  it('preloads a lazy chunk with its own imports, not what the entry already loads', () => {
    const manifest: ViteManifest = {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_shared.js'] },
      '_shared.js': { file: 'assets/shared.js' },
      '_viewer-dep.js': { file: 'assets/viewer-dep.js', css: ['assets/dep.css'], imports: ['_shared.js'] },
      'src/viewer/ViewerPage.tsx': { file: 'assets/ViewerPage.js', imports: ['index.html', '_viewer-dep.js'], css: ['assets/ViewerPage.css'] },
    };
    expect(chunkPreloads(manifest, 'src/viewer/ViewerPage.tsx')).toEqual({
      modules: ['/assets/ViewerPage.js', '/assets/viewer-dep.js'],
      styles: ['/assets/ViewerPage.css', '/assets/dep.css'],
    });
    expect(chunkPreloads(manifest, 'src/missing.tsx')).toEqual({ modules: [], styles: [] });
  });
});
