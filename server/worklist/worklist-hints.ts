import type { FastifyInstance } from 'fastify';

/**
 * `GET|PUT /api/worklist-hints/:key`: the date-window hints of the worklist (see
 * src/worklist/window-hints.ts), shared by every reader of this gateway so that a browser that has
 * never run a query can still start from the window another reader's browser found.
 *
 * A hint is a hashed query key and a DA date (or '' for "open towards the past"): no patient data.
 * Clients only use a hint after checking it against the archive, so a wrong or hostile hint costs a
 * request, never a wrong list. Kept in memory, the least recently used dropped beyond `capacity`.
 */
const KEY = /^[0-9a-z]{1,16}$/;
const FROM = /^(\d{8})?$/;

export class WorklistHintStore {
  private readonly hints = new Map<string, string>();
  constructor(private readonly capacity = 2000) {}

  get(key: string): string | undefined {
    const from = this.hints.get(key);
    if (from === undefined) return undefined;
    this.hints.delete(key);
    this.hints.set(key, from);
    return from;
  }

  set(key: string, from: string): void {
    this.hints.delete(key);
    this.hints.set(key, from);
    while (this.hints.size > this.capacity) this.hints.delete(this.hints.keys().next().value!);
  }
}

export function registerWorklistHints(app: FastifyInstance, store = new WorklistHintStore()): void {
  app.get<{ Params: { key: string } }>('/api/worklist-hints/:key', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!KEY.test(request.params.key)) return reply.code(400).send({ error: 'bad_request', message: 'Invalid hint key.' });
    const from = store.get(request.params.key);
    return from === undefined ? reply.code(404).send({ error: 'not_found', message: 'No hint for this query.' }) : { from };
  });

  app.put<{ Params: { key: string }; Body: unknown }>('/api/worklist-hints/:key', { bodyLimit: 256 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const from = (request.body as { from?: unknown } | null)?.from;
    if (!KEY.test(request.params.key) || typeof from !== 'string' || !FROM.test(from)) {
      return reply.code(400).send({ error: 'bad_request', message: 'A hint is a key and a date (YYYYMMDD or empty).' });
    }
    store.set(request.params.key, from);
    return reply.code(204).send();
  });
}
