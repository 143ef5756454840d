import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { StowBodyCheck } from './stow-body-check.ts';

/**
 * A STOW upload is written to a temporary file as it arrives and checked on the way, and only a complete,
 * well-formed upload goes on to the archive. A slow or stalled browser then holds a socket of the gateway,
 * never one of the archive's few HTTP threads; a large upload costs the gateway disk, not memory.
 */

export interface UploadLimits {
  maxBytes: number;
  /** Longest silence between two chunks. */
  idleTimeoutMs: number;
  /** Slowest average rate once the upload has lasted idleTimeoutMs; 0: no check. */
  minBytesPerSecond: number;
}

export type SpoolResult =
  { ok: true; file: string; size: number; parts: number } | { ok: false; status: 400 | 408 | 413 | 415 | 499 | 507; error: string; message: string };

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024)).toLocaleString('en')} MiB`;
}

export function tooLarge(maxBytes: number): SpoolResult {
  return {
    ok: false,
    status: 413,
    error: 'upload_too_large',
    message: `The upload is larger than the ${megabytes(maxBytes)} the gateway accepts in one request. Send fewer images at a time.`,
  };
}

function clientGone(): SpoolResult {
  return { ok: false, status: 499, error: 'client_closed_request', message: 'The browser closed the upload before it was complete.' };
}

export function removeSpool(file: string): Promise<void> {
  return rm(file, { force: true });
}

/**
 * Reads `body` to its end into a new file in `dir`. On failure the file is removed and the body is left
 * paused, unread: the caller answers and closes the connection.
 */
export function spoolStowBody(
  body: Readable,
  options: { boundary: string; declaredLength: number | undefined; limits: UploadLimits; dir: string },
): Promise<SpoolResult> {
  const { limits } = options;
  if (options.declaredLength !== undefined && options.declaredLength > limits.maxBytes) return Promise.resolve(tooLarge(limits.maxBytes));
  if (body.destroyed) return Promise.resolve(clientGone());

  const file = path.join(options.dir, `readroom-stow-${randomUUID()}.part`);
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const check = new StowBodyCheck(options.boundary);
  const started = Date.now();
  let lastChunk = started;
  let received = 0;
  let ended = false;

  return new Promise<SpoolResult>((resolve) => {
    let settled = false;
    const settle = (result: SpoolResult) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      body.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onClose);
      if (result.ok) return resolve(result);
      body.pause();
      out.destroy();
      void removeSpool(file).then(() => resolve(result));
    };

    const onData = (chunk: Buffer) => {
      lastChunk = Date.now();
      received += chunk.length;
      if (received > limits.maxBytes) return settle(tooLarge(limits.maxBytes));
      check.push(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => {
          lastChunk = Date.now();
          if (!settled) body.resume();
        });
      }
    };
    const onEnd = () => {
      ended = true;
      if (options.declaredLength !== undefined && received !== options.declaredLength) {
        return settle({ ok: false, status: 400, error: 'bad_multipart', message: 'The upload ended before the length it announced (it was cut short).' });
      }
      const verdict = check.finish();
      if ('status' in verdict) return settle({ ok: false, ...verdict });
      out.end(() => settle({ ok: true, file, size: received, parts: verdict.parts }));
    };
    const onGone = () => settle(clientGone());
    const onClose = () => {
      if (!ended) onGone();
    };

    const tick = Math.max(10, Math.min(1000, Math.floor(limits.idleTimeoutMs / 4)));
    const timer = setInterval(() => {
      const now = Date.now();
      const seconds = Math.round(limits.idleTimeoutMs / 1000);
      if (now - lastChunk >= limits.idleTimeoutMs) {
        settle({
          ok: false,
          status: 408,
          error: 'upload_timeout',
          message: `The upload stopped: nothing arrived for ${seconds} s. Check the network connection and save again.`,
        });
      } else if (limits.minBytesPerSecond > 0 && now - started >= limits.idleTimeoutMs && received < (limits.minBytesPerSecond * (now - started)) / 1000) {
        settle({
          ok: false,
          status: 408,
          error: 'upload_too_slow',
          message: `The upload is arriving too slowly (under ${limits.minBytesPerSecond.toLocaleString('en')} bytes per second). Check the network connection and save again.`,
        });
      }
    }, tick);

    out.once('error', () =>
      settle({
        ok: false,
        status: 507,
        error: 'spool_failed',
        message: 'The gateway could not hold the upload until it was complete (temporary storage full or not writable).',
      }),
    );
    body.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onClose);
    body.resume();
  });
}
