import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../lib/ports.ts';
import { pydicomTestFilesDir } from '../samples/pydicom-files.ts';
import { ARCHIVE_AET } from './orthanc-config.ts';
import { startOrthanc, type OrthancHandle } from './orthanc.ts';

/** The archive's DICOM port with real DCMTK clients: closed by default; when open, only listed AE titles from loopback. */

const run = promisify(execFile);
const CT_SMALL = () => path.join(pydicomTestFilesDir(), 'CT_small.dcm');

/** Outcome of a C-STORE of CT_small with storescu (association refused or store failed: 'refused'). */
async function storescu(callingAet: string, calledAet: string, host: string, port: number): Promise<'stored' | 'refused'> {
  try {
    await run('storescu', ['-aet', callingAet, '-aec', calledAet, '-to', '10', host, String(port), CT_SMALL()]);
    return 'stored';
  } catch {
    return 'refused';
  }
}

async function echoscu(callingAet: string, port: number): Promise<'answered' | 'refused'> {
  try {
    await run('echoscu', ['-aet', callingAet, '-aec', ARCHIVE_AET, '-to', '10', '127.0.0.1', String(port)]);
    return 'answered';
  } catch {
    return 'refused';
  }
}

function tcpConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

async function storedInstances(archive: OrthancHandle): Promise<string[]> {
  return (await (await archive.adminFetch('/instances')).json()) as string[];
}

/** An IPv4 address of this machine that is not loopback, to call from (the archive sees it as the caller). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('DICOM intake off (the default)', () => {
  let dataDir: string;
  let archive: OrthancHandle;
  let dicomPort: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-intake-off-'));
    dicomPort = await freePort();
    archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort });
  });
  afterAll(async () => {
    await archive?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not listen on the DICOM port at all', async () => {
    expect(await tcpConnect(dicomPort)).toBe('ECONNREFUSED');
    expect(await storescu('ANYONE', ARCHIVE_AET, '127.0.0.1', dicomPort)).toBe('refused');
    expect(await storedInstances(archive)).toEqual([]);
  });
});

describe('DICOM intake on, for CT1 and MR1', () => {
  let dataDir: string;
  let archive: OrthancHandle;
  let dicomPort: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-intake-on-'));
    dicomPort = await freePort();
    archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort, dicomIntake: { aets: ['CT1', 'MR1'] } });
  });
  afterAll(async () => {
    await archive?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses C-STORE and C-ECHO from an AE title it does not know, and stores nothing', async () => {
    expect(await tcpConnect(dicomPort)).toBe('connected');
    expect(await storescu('INTRUDER', ARCHIVE_AET, '127.0.0.1', dicomPort)).toBe('refused');
    expect(await echoscu('INTRUDER', dicomPort)).toBe('refused');
    expect(await storedInstances(archive)).toEqual([]);
  });

  it('refuses a known AE title that calls another AE title than the archive’s', async () => {
    expect(await storescu('CT1', 'SOMEONE_ELSE', '127.0.0.1', dicomPort)).toBe('refused');
    expect(await storedInstances(archive)).toEqual([]);
  });

  it.skipIf(lanAddress === undefined)('refuses a known AE title calling from another address than 127.0.0.1', async () => {
    expect(await storescu('CT1', ARCHIVE_AET, lanAddress!, dicomPort)).toBe('refused');
    expect(await storedInstances(archive)).toEqual([]);
  });

  it('stores what a listed AE title sends from loopback to the archive’s AE title', async () => {
    expect(await echoscu('MR1', dicomPort)).toBe('answered');
    expect(await storescu('CT1', ARCHIVE_AET, '127.0.0.1', dicomPort)).toBe('stored');
    expect(await storedInstances(archive)).toHaveLength(1);
  });
});
