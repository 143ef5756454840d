import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { HangingProtocol } from '../../hanging-protocols/hanging-protocol.ts';
import { fetchPersonalProtocols } from '../../hanging-protocols/protocol-api.ts';
import { shippedProtocols } from '../../hanging-protocols/shipped-protocols.ts';
import { useSession } from '../../page-context/useSession.ts';

export const PERSONAL_PROTOCOLS_KEY = ['hanging-protocols'] as const;

export interface HangingProtocols {
  /** Whether this launch is hung by protocol at all. */
  active: boolean;
  /** The reader's own protocols are still being fetched (the final hanging waits for them). */
  pending: boolean;
  shipped: readonly HangingProtocol[];
  personal: readonly HangingProtocol[];
  /** Why the reader's own protocols could not be loaded (the shipped ones apply meanwhile). */
  error: string | undefined;
}

const NONE: readonly HangingProtocol[] = [];

/**
 * The protocols a launch can be hung by: the shipped ones, and the signed-in reader's own from the gateway
 * (a share link's visitor has none). A failure to load the reader's own never holds the viewer up.
 */
export function usePersonalProtocols(enabled: boolean) {
  return useQuery({
    queryKey: PERSONAL_PROTOCOLS_KEY,
    queryFn: ({ signal }) => fetchPersonalProtocols(signal),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

export function useHangingProtocols(active: boolean): HangingProtocols {
  const signedIn = useSession() !== undefined;
  const personal = usePersonalProtocols(active && signedIn);
  const shipped = useMemo(() => (active ? shippedProtocols() : NONE), [active]);
  return {
    active,
    pending: active && signedIn && personal.isPending,
    shipped,
    personal: personal.data ?? NONE,
    error: personal.error?.message,
  };
}
