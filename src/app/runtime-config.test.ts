import { describe, expect, it } from 'vitest';
import { findDataSource, parseRuntimeConfig } from './runtime-config.ts';

const source = { sourceName: 'orthanc', friendlyName: 'Local', qidoRoot: '/dicom-web', wadoRoot: '/dicom-web', stowRoot: '/dicom-web', quirks: { queryValueEncoding: 'literal' } };

describe('parseRuntimeConfig', () => {
  it('accepts a valid config', () => {
    const config = parseRuntimeConfig({ defaultDataSourceName: 'orthanc', dataSources: [source] });
    expect(findDataSource(config, null).qidoRoot).toBe('/dicom-web');
    expect(findDataSource(config, 'unknown').sourceName).toBe('orthanc');
  });
  it('names every problem', () => {
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'other', dataSources: [{ ...source, qidoRoot: '' }] })).toThrow(/dataSources\.0\.qidoRoot/);
    expect(() => parseRuntimeConfig({ defaultDataSourceName: 'other', dataSources: [source] })).toThrow(/defaultDataSourceName/);
    expect(() => parseRuntimeConfig(null)).toThrow(/invalid/);
  });
});
