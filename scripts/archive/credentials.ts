import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** An Orthanc user of the embedded archive. */
export interface ArchiveUser {
  username: string;
  password: string;
}

/**
 * The embedded archive's two users. `gateway`: the Readroom gateway's, DICOMweb only. `admin`: the
 * project's own scripts and tests (seeding, Orthanc's REST API). The request filter
 * (request-filter.lua) knows them by these names.
 */
export interface ArchiveCredentials {
  gateway: ArchiveUser;
  admin: ArchiveUser;
}

export const GATEWAY_USERNAME = 'gateway';
export const ADMIN_USERNAME = 'admin';

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, 'archive-credentials.json');
}

function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

function parseCredentials(text: string, file: string): ArchiveCredentials {
  const json = JSON.parse(text) as Partial<Record<keyof ArchiveCredentials, Partial<ArchiveUser>>>;
  const user = (key: keyof ArchiveCredentials, username: string): ArchiveUser => {
    const entry = json[key];
    if (entry?.username !== username || typeof entry.password !== 'string' || entry.password.length < 16) {
      throw new Error(`${file} has no valid "${key}" user; delete the file to make new credentials`);
    }
    return { username, password: entry.password };
  };
  return { gateway: user('gateway', GATEWAY_USERNAME), admin: user('admin', ADMIN_USERNAME) };
}

/** Reads the credentials of an archive's data folder (made by `ensureArchiveCredentials`). */
export function readArchiveCredentials(dataDir: string): ArchiveCredentials {
  const file = credentialsFile(dataDir);
  return parseCredentials(readFileSync(file, 'utf8'), file);
}

/**
 * The archive's credentials, made once per data folder with random passwords and kept in a file only
 * its owner can read. Never printed: callers pass them on in process environments or headers.
 */
export function ensureArchiveCredentials(dataDir: string): ArchiveCredentials {
  mkdirSync(dataDir, { recursive: true });
  const file = credentialsFile(dataDir);
  if (!existsSync(file)) {
    const credentials: ArchiveCredentials = {
      gateway: { username: GATEWAY_USERNAME, password: newPassword() },
      admin: { username: ADMIN_USERNAME, password: newPassword() },
    };
    // Written whole under another name, then linked: a concurrent start reads all of it or none.
    const draft = `${file}.${process.pid}.tmp`;
    rmSync(draft, { force: true });
    writeFileSync(draft, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readArchiveCredentials(dataDir);
}

/** The HTTP Authorization header value of a user. */
export function basicAuthorization(user: ArchiveUser): string {
  return `Basic ${Buffer.from(`${user.username}:${user.password}`, 'utf8').toString('base64')}`;
}
