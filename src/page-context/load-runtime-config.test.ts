import { describe, expect, it } from 'vitest';
import { findDataSource, parseRuntimeConfig } from '../dicomweb/runtime-config.ts';
import { readInlineRuntimeConfig } from './load-runtime-config.ts';

const source = {
  sourceName: 'orthanc',
  friendlyName: 'Local',
  qidoRoot: '/dicom-web',
  wadoRoot: '/dicom-web',
  stowRoot: '/dicom-web',
  quirks: { queryValueEncoding: 'literal' },
};

describe('parseRuntimeConfig', () => {
  it('accepts a valid config', () => {
    const config = parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source] });
    expect(findDataSource(config, null).qidoRoot).toBe('/dicom-web');
    expect(findDataSource(config, 'unknown').sourceName).toBe('orthanc');
  });
  it('streams frames only for a source that asks for it', () => {
    const config = parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source, { ...source, sourceName: 'htj2k', frameStreaming: true }] });
    expect(config.dataSources.map((s) => s.frameStreaming)).toEqual([false, true]);
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [{ ...source, frameStreaming: 'yes' }] })).toThrow(
      /dataSources\.0\.frameStreaming/,
    );
  });
  it('carries the signed-in user the gateway inlined, with the roles this app knows', () => {
    const session = { username: 'radiologist', displayName: 'Ada Radiologist', personName: 'Radiologist^Ada', roles: ['radiologist', 'future-role'] };
    const config = parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source], session, user: 'Radiologist^Ada' });
    expect(config.session).toEqual({ ...session, roles: ['radiologist'] });
    expect(config.user).toBe('Radiologist^Ada');
    expect(parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source] }).session).toBeUndefined();
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source], session: { ...session, username: '' } })).toThrow(
      /session\.username/,
    );
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source], session: { ...session, roles: 'admin' } })).toThrow(
      /session\.roles/,
    );
  });
  it('names every problem', () => {
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'other', dataSources: [{ ...source, qidoRoot: '' }] })).toThrow(/dataSources\.0\.qidoRoot/);
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'other', dataSources: [source] })).toThrow(/defaultDataSourceName/);
    expect(() => parseRuntimeConfig(null)).toThrow(/invalid/);
  });
});

describe('readInlineRuntimeConfig', () => {
  const page = (text: string | undefined) => ({
    getElementById: (id: string) => (id === 'rr-runtime-config' && text !== undefined ? ({ textContent: text } as HTMLElement) : null),
  });
  it('reads and validates the configuration the gateway put into the page', () => {
    const config = readInlineRuntimeConfig(page(JSON.stringify({ defaultDataSourceName: 'orthanc', dataSources: [source] })));
    expect(config?.dataSources[0]?.wadoRoot).toBe('/dicom-web');
  });
  it('is absent without the element (the dev server), and an error when the element holds nonsense', () => {
    expect(readInlineRuntimeConfig(page(undefined))).toBeUndefined();
    expect(() => readInlineRuntimeConfig(page('{not json'))).toThrow(/not JSON/);
    expect(() => readInlineRuntimeConfig(page('{"dataSources":[]}'))).toThrow(/invalid/);
  });
});
