import type { Dispatcher } from 'undici';
import type { SourceConfig } from '../config.ts';
import { splitRoot } from './upstream.ts';

/** The archive could not be asked, or its answer could not be read: the caller's feature is unavailable, not empty. */
export class ArchiveUnavailableError extends Error {
  override name = 'ArchiveUnavailableError';
}

/**
 * A QIDO-RS query (`path` under the source's root) asked under the gateway's own credentials, for the
 * gateway's own features (report facts, peer review): its parsed JSON answer, undefined for 204 (nothing
 * found), read up to `maxBytes`. Throws ArchiveUnavailableError when the archive cannot be reached, answers
 * another status, sends more than `maxBytes` or something that is not JSON.
 */
export async function archiveQido(agent: Dispatcher, source: SourceConfig, path: string, options: { timeoutMs: number; maxBytes: number }): Promise<unknown> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  let answer: Dispatcher.ResponseData;
  try {
    answer = await agent.request({
      origin,
      path: `${basePath}${path}`,
      method: 'GET',
      headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ArchiveUnavailableError((error as Error).message);
  }
  if (answer.statusCode === 204) {
    await answer.body.dump();
    return undefined;
  }
  if (answer.statusCode !== 200) {
    await answer.body.dump();
    throw new ArchiveUnavailableError(`the archive answered HTTP ${answer.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += (chunk as Buffer).length;
    if (size > options.maxBytes) throw new ArchiveUnavailableError('answer too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new ArchiveUnavailableError(`unreadable answer: ${(error as Error).message}`);
  }
}
