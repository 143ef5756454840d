import { closeSync, openSync, renameSync, statSync, writeSync } from 'node:fs';

export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;

/**
 * An append-only log file that never grows past `maxBytes`: when the next write would not fit, the file
 * becomes `<file>.1` (replacing the previous one) and a new file starts. At most twice `maxBytes` on disk.
 */
export class RotatingLog {
  private fd: number;
  private size: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`The log size limit must be a positive number of bytes, got ${maxBytes}`);
    this.fd = openSync(file, 'a');
    this.size = statSync(file).size;
  }

  write(chunk: Uint8Array): void {
    // A chunk that fits in a file of its own is never split across two files.
    if (this.size > 0 && this.size + chunk.length > this.maxBytes) this.rotate();
    let offset = 0;
    while (offset < chunk.length) {
      if (this.size >= this.maxBytes) this.rotate();
      const piece = chunk.subarray(offset, offset + (this.maxBytes - this.size));
      writeSync(this.fd, piece);
      this.size += piece.length;
      offset += piece.length;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'a');
    this.size = 0;
  }
}
