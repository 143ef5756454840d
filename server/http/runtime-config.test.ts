import { describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { parseRuntimeConfig } from '../../src/dicomweb/runtime-config.ts';
import { buildAppConfig } from './runtime-config.ts';
import { testConfig } from '../test-helpers.ts';

describe('/app-config.json', () => {
  const config = testConfig({
    sources: [
      {
        id: 'local',
        label: 'Local Orthanc',
        upstream: { root: 'http://reader:url-secret@10.1.2.3:8042/dicom-web' },
        quirks: { queryValueEncoding: 'literal' },
      },
      { id: 'pacs', label: 'Hospital PACS', upstream: { root: 'https://pacs.internal.example/rs', username: 'gw-user', password: 'gw-password' } },
      {
        id: 'cloud',
        label: 'Cloud',
        upstream: { root: 'https://cloud.example/dicomweb', authorization: 'Bearer token-value' },
        lossyPreview: 'none',
        frameStreaming: true,
      },
    ],
  });

  it('is what the app accepts: the shared schema parses it back unchanged', () => {
    const published = buildAppConfig(config.sources, 512);
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(published)))).toEqual(published);
  });

  it('lists every source with gateway roots, the first one as default', () => {
    expect(buildAppConfig(config.sources)).toEqual({
      defaultDataSourceName: 'local',
      dataSources: [
        {
          sourceName: 'local',
          friendlyName: 'Local Orthanc',
          qidoRoot: '/dicom-web',
          wadoRoot: '/dicom-web',
          stowRoot: '/dicom-web',
          quirks: { queryValueEncoding: 'literal' },
          lossyPreview: 'rendered',
          frameStreaming: false,
        },
        {
          sourceName: 'pacs',
          friendlyName: 'Hospital PACS',
          qidoRoot: '/sources/pacs/dicom-web',
          wadoRoot: '/sources/pacs/dicom-web',
          stowRoot: '/sources/pacs/dicom-web',
          quirks: { queryValueEncoding: 'percent' },
          lossyPreview: 'rendered',
          frameStreaming: false,
        },
        {
          sourceName: 'cloud',
          friendlyName: 'Cloud',
          qidoRoot: '/sources/cloud/dicom-web',
          wadoRoot: '/sources/cloud/dicom-web',
          stowRoot: '/sources/cloud/dicom-web',
          quirks: { queryValueEncoding: 'percent' },
          lossyPreview: 'none',
          frameStreaming: true,
        },
      ],
    });
  });

  it('contains no secret, no upstream address and no userinfo', async () => {
    const app = (await testGateway(config)).app;
    try {
      const res = await app.inject({ url: '/app-config.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      for (const secret of [
        'url-secret',
        'reader',
        'gw-user',
        'gw-password',
        'token-value',
        'Bearer',
        'Basic',
        '10.1.2.3',
        'pacs.internal',
        'cloud.example',
        '@',
      ]) {
        expect(res.body, secret).not.toContain(secret);
      }
      for (const source of config.sources) {
        const auth = source.upstream.authorization;
        if (auth) expect(res.body).not.toContain(auth.split(' ')[1]);
      }
    } finally {
      await app.close();
    }
  });
});
