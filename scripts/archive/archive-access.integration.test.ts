import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../lib/ports.ts';
import { buildMultipartRelated } from '../samples/multipart.ts';
import { pydicomTestFilesDir } from '../samples/pydicom-files.ts';
import { basicAuthorization, credentialsFile, readArchiveCredentials } from './credentials.ts';
import { logFile, startOrthanc, type OrthancHandle } from './orthanc.ts';

/**
 * Who may do what on the embedded archive, with real requests to a private Orthanc: nobody without
 * credentials; the `gateway` user only the DICOMweb the app uses; the `admin` user what the project's
 * scripts use (request-filter.lua). A refused request is 401 (no or wrong credentials) or 403 (filter).
 */

const CT = {
  study: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
  series: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
  sop: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
};
const MR_SOP = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';
const CT_INSTANCE = `/dicom-web/studies/${CT.study}/series/${CT.series}/instances/${CT.sop}`;
const DICOM_JSON = { accept: 'application/dicom+json' };

let dataDir: string;
let archive: OrthancHandle;
let ctOrthancId: string;
let patientOrthancId: string;

async function status(res: Promise<Response>): Promise<number> {
  const response = await res;
  await response.arrayBuffer();
  return response.status;
}

function stowBody(file: string) {
  const { body, contentType } = buildMultipartRelated([readFileSync(path.join(pydicomTestFilesDir(), file))], 'application/dicom');
  return { method: 'POST', headers: { 'content-type': contentType, accept: 'application/dicom+json' }, body };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-access-'));
  archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: await freePort() });
  // Stored by STOW as the gateway user (the app's way in).
  const stored = await archive.gatewayFetch('/dicom-web/studies', stowBody('CT_small.dcm'));
  expect(stored.status, await stored.clone().text()).toBe(200);
  const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: CT.sop })).json()) as Array<{ ID: string }>;
  ctOrthancId = match!.ID;
  patientOrthancId = ((await (await archive.adminFetch(`/instances/${ctOrthancId}/patient`)).json()) as { ID: string }).ID;
});

afterAll(async () => {
  await archive?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('are made once per data folder, random, in files only their owner can read, and never written to the log', async () => {
    const credentials = readArchiveCredentials(dataDir);
    expect(credentials).toEqual(archive.credentials);
    expect(credentials.gateway.username).toBe('gateway');
    expect(credentials.admin.username).toBe('admin');
    expect(credentials.gateway.password).toMatch(/^[\w-]{32}$/);
    expect(credentials.admin.password).toMatch(/^[\w-]{32}$/);
    expect(credentials.admin.password).not.toBe(credentials.gateway.password);
    for (const file of [credentialsFile(dataDir), path.join(dataDir, 'orthanc.json')]) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    // The log writer is a process of its own: it may still be catching up.
    await expect.poll(() => (existsSync(logFile(dataDir)) ? readFileSync(logFile(dataDir), 'utf8') : ''), { timeout: 10_000 }).toContain('Orthanc has started');
    const log = readFileSync(logFile(dataDir), 'utf8');
    for (const user of [credentials.gateway, credentials.admin]) {
      expect(log).not.toContain(user.password);
      expect(log).not.toContain(basicAuthorization(user).slice('Basic '.length));
    }
  });

  it('survive a restart: the same passwords keep working', async () => {
    const before = archive.credentials;
    await archive.stop();
    archive = await startOrthanc({ dataDir, httpPort: Number(new URL(archive.httpUrl).port), dicomPort: await freePort() });
    expect(archive.credentials).toEqual(before);
    expect(await status(archive.adminFetch('/system'))).toBe(200);
  });
});

describe('without credentials', () => {
  it('nothing is answered: REST, DICOMweb, the web UI (401)', async () => {
    for (const p of ['/system', '/patients', '/dicom-web/studies', `${CT_INSTANCE}/metadata`, '/dicom-web/servers', '/app/explorer.html']) {
      expect(await status(fetch(`${archive.httpUrl}${p}`)), p).toBe(401);
    }
    expect(await status(fetch(`${archive.httpUrl}/dicom-web/studies`, stowBody('MR_small.dcm')))).toBe(401);
  });

  it('a wrong password is refused (401)', async () => {
    const wrong = basicAuthorization({ username: 'admin', password: `${archive.credentials.gateway.password}` });
    expect(await status(fetch(`${archive.httpUrl}/system`, { headers: { authorization: wrong } }))).toBe(401);
  });
});

describe('the gateway user', () => {
  it('may use the DICOMweb resources the app uses', async () => {
    const allowed = [
      '/dicom-web/studies',
      `/dicom-web/studies?StudyInstanceUID=${CT.study}&includefield=00201208`,
      '/dicom-web/series?Modality=CT',
      '/dicom-web/instances?limit=1',
      `/dicom-web/studies/${CT.study}/series`,
      `/dicom-web/studies/${CT.study}/instances`,
      `/dicom-web/studies/${CT.study}/series/${CT.series}/instances`,
      `/dicom-web/studies/${CT.study}/metadata`,
      `/dicom-web/studies/${CT.study}/series/${CT.series}/metadata`,
      `${CT_INSTANCE}/metadata`,
    ];
    for (const p of allowed) expect(await status(archive.gatewayFetch(p, { headers: DICOM_JSON })), p).toBe(200);
    const multipart = { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
    expect(await status(archive.gatewayFetch(`${CT_INSTANCE}/frames/1`, { headers: multipart }))).toBe(200);
    expect(await status(archive.gatewayFetch(CT_INSTANCE, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } }))).toBe(
      200,
    );
    expect(await status(archive.gatewayFetch(`${CT_INSTANCE}/rendered`, { headers: { accept: 'image/jpeg' } }))).toBe(200);
    expect(await status(archive.gatewayFetch(`${CT_INSTANCE}/frames/1/rendered`, { headers: { accept: 'image/jpeg' } }))).toBe(200);
    const metadata = await (await archive.gatewayFetch(`${CT_INSTANCE}/metadata`, { headers: DICOM_JSON })).text();
    const bulk = /"BulkDataURI"\s*:\s*"([^"]+)"/.exec(metadata)![1]!;
    expect(new URL(bulk).pathname).toMatch(/\/bulk\/[0-9a-f]+$/i);
    expect(await status(archive.gatewayFetch(bulk, { headers: { accept: 'multipart/related; type="application/octet-stream"' } }))).toBe(200);
  });

  it('may store with STOW-RS, to /studies and to /studies/{uid}', async () => {
    expect(await status(archive.gatewayFetch(`/dicom-web/studies/${CT.study}`, stowBody('CT_small.dcm')))).toBe(200);
    expect(await status(archive.gatewayFetch('/dicom-web/studies', stowBody('MR_small.dcm')))).toBe(200);
    const [found] = (await (await archive.gatewayFetch(`/dicom-web/instances?SOPInstanceUID=${MR_SOP}`, { headers: DICOM_JSON })).json()) as unknown[];
    expect(found).toBeDefined();
  });

  it('may not use Orthanc’s REST API, its web UI or the DICOMweb servers (outgoing peers) (403)', async () => {
    const refused: Array<[string, string]> = [
      ['GET', '/system'],
      ['GET', '/patients'],
      ['GET', '/statistics'],
      ['GET', `/instances/${ctOrthancId}/file`],
      ['POST', '/tools/lookup'],
      ['POST', '/instances'],
      ['POST', '/tools/execute-script'],
      ['POST', '/tools/reset'],
      ['GET', '/app/explorer.html'],
      ['GET', '/webdav/'],
      ['GET', '/dicom-web/servers'],
      ['PUT', '/dicom-web/servers/elsewhere'],
      ['POST', '/dicom-web/servers/elsewhere/stow'],
      ['POST', '/dicom-web/servers/elsewhere/get'],
      ['DELETE', `/studies/${ctOrthancId}`],
      ['DELETE', `/dicom-web/studies/${CT.study}`],
      ['PUT', `/dicom-web/studies/${CT.study}`],
      ['POST', `${CT_INSTANCE}/metadata`],
    ];
    for (const [method, p] of refused) {
      const body = method === 'GET' || method === 'DELETE' ? {} : { body: '{}' };
      expect(await status(archive.gatewayFetch(p, { method, ...body })), `${method} ${p}`).toBe(403);
    }
  });

  it('may not turn a request into another method: X-HTTP-Method-Override in any case, ?_method= (403)', async () => {
    for (const name of ['X-HTTP-Method-Override', 'x-http-method-override', 'X-HTTP-METHOD-OVERRIDE']) {
      for (const override of ['DELETE', 'delete', 'PUT']) {
        expect(
          await status(archive.gatewayFetch(`/dicom-web/studies/${CT.study}/metadata`, { headers: { ...DICOM_JSON, [name]: override } })),
          `${name}: ${override} on GET`,
        ).toBe(403);
        const stow = stowBody('CT_small.dcm');
        expect(
          await status(archive.gatewayFetch('/dicom-web/studies', { ...stow, headers: { ...stow.headers, [name]: override } })),
          `${name}: ${override} on STOW`,
        ).toBe(403);
      }
      // Overriding to another method than PUT or DELETE: Orthanc itself answers 400, the filter is not asked.
      expect(await status(archive.gatewayFetch(`/dicom-web/studies/${CT.study}/metadata`, { headers: { ...DICOM_JSON, [name]: 'GET' } }))).toBe(400);
    }
    // Orthanc reads ?_method=DELETE|PUT on a GET as that method (the filter sees the DELETE or PUT).
    for (const fake of ['DELETE', 'delete', 'PUT']) {
      expect(await status(archive.gatewayFetch(`/dicom-web/studies/${CT.study}?_method=${fake}`, { headers: DICOM_JSON })), fake).toBe(403);
    }
    expect(await status(archive.adminFetch(`/instances/${ctOrthancId}`))).toBe(200);
  });
});

describe('the admin user', () => {
  it('may use what the scripts and tests use: readiness, lookups, resources, files, storing, DICOMweb', async () => {
    expect(await status(archive.adminFetch('/system'))).toBe(200);
    expect(await status(archive.adminFetch('/tools/lookup', { method: 'POST', body: CT.sop }))).toBe(200);
    const series = (await (await archive.adminFetch(`/instances/${ctOrthancId}/series`)).json()) as { ID: string };
    expect(await status(archive.adminFetch(`/series/${series.ID}/instances`))).toBe(200);
    expect(await status(archive.adminFetch(`/instances/${ctOrthancId}/file`))).toBe(200);
    expect(await status(archive.adminFetch(`${CT_INSTANCE}/metadata`, { headers: DICOM_JSON }))).toBe(200);
    expect(await status(archive.adminFetch('/dicom-web/studies', stowBody('MR_small.dcm')))).toBe(200);
    const posted = await archive.adminFetch('/instances', { method: 'POST', body: readFileSync(path.join(pydicomTestFilesDir(), 'MR_small.dcm')) });
    expect(posted.status).toBe(200);
  });

  it('may delete an instance, series or study it stored (what tests clean up)', async () => {
    const posted = (await (
      await archive.adminFetch('/instances', { method: 'POST', body: readFileSync(path.join(pydicomTestFilesDir(), 'MR_small.dcm')) })
    ).json()) as { ID: string; ParentSeries: string; ParentStudy: string };
    expect(await status(archive.adminFetch(`/instances/${posted.ID}`, { method: 'DELETE' }))).toBe(200);
    expect(await status(archive.adminFetch(`/instances/${posted.ID}`))).toBe(404);
  });

  it('may not delete a patient, change Orthanc, run scripts, reach peers or modalities (403)', async () => {
    const refused: Array<[string, string]> = [
      ['DELETE', `/patients/${patientOrthancId}`],
      ['PUT', '/tools/log-level'],
      ['POST', '/tools/execute-script'],
      ['POST', '/tools/reset'],
      ['POST', '/tools/shutdown'],
      ['POST', `/studies/${ctOrthancId}/anonymize`],
      ['POST', '/modalities/elsewhere/store'],
      ['PUT', '/modalities/elsewhere'],
      ['PUT', '/peers/elsewhere'],
      ['GET', '/dicom-web/servers'],
      ['PUT', '/dicom-web/servers/elsewhere'],
      ['POST', '/dicom-web/servers/elsewhere/stow'],
      ['GET', '/app/explorer.html'],
      ['PUT', `/instances/${ctOrthancId}/metadata/1024`],
    ];
    for (const [method, p] of refused) {
      const body = method === 'GET' || method === 'DELETE' ? {} : { body: '{}' };
      expect(await status(archive.adminFetch(p, { method, ...body })), `${method} ${p}`).toBe(403);
    }
    expect(await status(archive.adminFetch(`/patients/${patientOrthancId}?_method=DELETE`))).toBe(403);
    expect(await status(archive.adminFetch(`/instances/${ctOrthancId}`, { headers: { 'X-HTTP-Method-Override': 'DELETE' } }))).toBe(403);
    expect(await status(archive.adminFetch(`/patients/${patientOrthancId}`))).toBe(200);
    expect(await status(archive.adminFetch('/system'))).toBe(200);
  });
});
