import type { FastifyInstance } from 'fastify';
import type { PublishedRuntimeConfig } from '../../src/dicomweb/runtime-config.ts';
import type { SourceConfig } from '../config.ts';

/**
 * `GET /app-config.json`: the SPA's runtime configuration, in the spirit of OHIF's data sources.
 * Every root is a gateway path: the browser never learns the archive's URL or credentials.
 */

/** What /app-config.json carries: the schema the app validates it with is the same module's (one contract). */
export type AppConfig = PublishedRuntimeConfig;

export const DEFAULT_SOURCE_PREFIX = '/dicom-web';

export function sourcePrefix(id: string): string {
  return `/sources/${id}/dicom-web`;
}

/**
 * The default (first) source is published at `/dicom-web`, the others at `/sources/<id>/dicom-web`.
 * Orthanc builds BulkDataURIs from the Forwarded host plus its own `/dicom-web/` root, so those URIs are
 * right for the default source's published root.
 */
export function buildAppConfig(sources: readonly SourceConfig[], imageCacheMb?: number): AppConfig {
  const [first] = sources;
  if (!first) throw new Error('At least one DICOMweb source is required');
  return {
    defaultDataSourceName: first.id,
    dataSources: sources.map((source, index) => {
      const root = index === 0 ? DEFAULT_SOURCE_PREFIX : sourcePrefix(source.id);
      return {
        sourceName: source.id,
        friendlyName: source.label,
        qidoRoot: root,
        wadoRoot: root,
        stowRoot: root,
        quirks: { queryValueEncoding: source.quirks.queryValueEncoding },
        lossyPreview: source.lossyPreview,
        frameStreaming: source.frameStreaming,
      };
    }),
    ...(imageCacheMb !== undefined ? { imageCacheMb } : {}),
  };
}

/** Serves the configuration at /app-config.json and returns it (index.html carries it inline too). */
export function registerRuntimeConfig(app: FastifyInstance, sources: readonly SourceConfig[], imageCacheMb?: number): AppConfig {
  const config = buildAppConfig(sources, imageCacheMb);
  const body = JSON.stringify(config);
  app.get('/app-config.json', { config: { access: { public: 'gateway paths and labels of the data sources, no patient data' } } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(body),
  );
  return config;
}
