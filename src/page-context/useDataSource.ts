import { useSearchParams } from 'react-router';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { findDataSource } from '../dicomweb/runtime-config.ts';
import { useRuntimeConfig } from './RuntimeConfigProvider.tsx';

/** The data source named by `?dataSource=` in the URL, or the configured default. */
export function useDataSource(): DataSource {
  const config = useRuntimeConfig();
  const [params] = useSearchParams();
  return findDataSource(config, params.get('dataSource'));
}
