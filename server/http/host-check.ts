import type { FastifyInstance } from 'fastify';

/**
 * DNS rebinding: a page on attacker.example whose name is then made to resolve to the gateway's address
 * can read the gateway's answers as its own origin, but its requests still say `Host: attacker.example`.
 * The gateway answers only requests addressed to a name it knows: the configured `allowedHosts`, and the
 * loopback names (and the listen host) on the port the request actually arrived on.
 */

export interface HostPolicy {
  /** Entries `name` (any port) or `name:port`, lower case (GatewayConfig.allowedHosts). */
  allowedHosts: readonly string[];
  /** The address the gateway listens on (GatewayConfig.host). */
  listenHost: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?$/;

/** Name and port of a Host header value; a missing port is the scheme's default. */
export function parseHost(value: string, protocol: 'http' | 'https' = 'http'): { name: string; port: number } | undefined {
  const match = HOST_HEADER.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  return { name: match[1]!, port: match[2] === undefined ? (protocol === 'https' ? 443 : 80) : Number(match[2]) };
}

/** An address as it appears in a Host header (IPv6 in brackets), lower case. */
function hostName(address: string): string {
  const lower = address.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * Whether a request addressed to `host` may be answered. `localPort` is the port the connection reached;
 * undefined for requests that came through no socket (`inject` in tests), which match any port.
 */
export function isAllowedHost(host: string | undefined, policy: HostPolicy, localPort: number | undefined, protocol: 'http' | 'https' = 'http'): boolean {
  if (!host) return false;
  const parsed = parseHost(host, protocol);
  if (!parsed) return false;
  for (const entry of policy.allowedHosts) {
    const allowed = parseHost(entry, protocol);
    if (allowed && allowed.name === parsed.name && (!/:[0-9]+$/.test(entry) || allowed.port === parsed.port)) return true;
  }
  const ownNames = WILDCARD_HOSTS.has(policy.listenHost) ? LOOPBACK_NAMES : [...LOOPBACK_NAMES, hostName(policy.listenHost)];
  return ownNames.includes(parsed.name) && (localPort === undefined || parsed.port === localPort);
}

/** The first onRequest hook: a request addressed to another name gets 421 before anything else runs. */
export function registerHostCheck(app: FastifyInstance, policy: HostPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    const protocol = request.protocol === 'https' ? 'https' : 'http';
    if (isAllowedHost(request.host, policy, request.socket.localPort, protocol)) return;
    return reply.code(421).header('cache-control', 'no-store').header('connection', 'close').send({
      error: 'host_not_allowed',
      message:
        'This gateway does not answer requests addressed to this host name. If readers reach it under this name, add the name to READROOM_ALLOWED_HOSTS ("allowedHosts").',
    });
  });
  if (WILDCARD_HOSTS.has(policy.listenHost) && policy.allowedHosts.length === 0) {
    app.addHook('onListen', async () => {
      app.log.warn(
        'The gateway listens on every interface but answers only requests addressed to localhost, 127.0.0.1 or [::1]: set READROOM_ALLOWED_HOSTS to the names readers use.',
      );
    });
  }
}
