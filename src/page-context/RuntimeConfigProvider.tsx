import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { RuntimeConfig } from '../dicomweb/runtime-config.ts';
import { loadRuntimeConfig } from './load-runtime-config.ts';
import { adoptPageSession } from './useSession.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';

const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);

export function RuntimeConfigProvider({ inline, children }: { inline: RuntimeConfig | undefined; children: ReactNode }) {
  const query = useQuery({ queryKey: ['runtime-config'], queryFn: ({ signal }) => loadRuntimeConfig(signal), staleTime: Infinity, initialData: inline });
  if (query.isPending) return <LoadingState label="Starting Readroom…" />;
  if (query.isError) return <ErrorPanel title="Readroom could not start" message={query.error.message} onRetry={() => void query.refetch()} />;
  // Before the first child renders: they ask who is signed in.
  adoptPageSession(query.data);
  return <RuntimeConfigContext.Provider value={query.data}>{children}</RuntimeConfigContext.Provider>;
}

export function useRuntimeConfig(): RuntimeConfig {
  const config = useContext(RuntimeConfigContext);
  if (!config) throw new Error('useRuntimeConfig outside RuntimeConfigProvider');
  return config;
}
