import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { retrieveStoredInstance } from '../../src/dicomweb/wado.ts';
import { nativeFrame, readStoredInstance } from '../../src/imaging/stored-instance.ts';
import { needsClientDecoding } from '../../src/imaging/transfer-syntax-policy.ts';
import { allInstances, readManifest } from '../samples/manifest.ts';
import { fetchArchiveAsGateway, sharedArchive } from '../testing/shared-archive.ts';

/**
 * What the viewer relies on for pixel data it decodes itself (32-bit, colour above 8 bits): WADO-RS
 * instance retrieval with `transfer-syntax=*` returns the instance as stored, so its frames are the
 * stored file's frames. (stored-instance-pydicom.test.ts proves the frames themselves against pydicom's
 * twin files.)
 */

const dicomWebRoot = inject('dicomWebRoot');
fetchArchiveAsGateway(sharedArchive());
const manifestPath = inject('manifestPath');
const manifest = readManifest(manifestPath);

describe('WADO-RS stored instances from Orthanc', () => {
  const cases = allInstances(manifest).filter(({ instance }) => needsClientDecoding(instance));

  it('covers 32-bit Big Endian, RLE and native high-bit colour', () => {
    const syntaxes = new Set(cases.map(({ instance }) => `${instance.transferSyntaxUID} ${instance.samplesPerPixel}×${instance.bitsAllocated}`));
    expect(syntaxes).toEqual(
      new Set(['1.2.840.10008.1.2 1×32', '1.2.840.10008.1.2.2 1×32', '1.2.840.10008.1.2.5 3×16', '1.2.840.10008.1.2.5 3×32', '1.2.840.10008.1.2.1 3×16']),
    );
  });

  it('sends the stored instance: every frame equals the stored file’s', async () => {
    for (const { study, series, instance } of cases) {
      const url = `${dicomWebRoot}/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}`;
      const retrieved = await readStoredInstance(await retrieveStoredInstance(url));
      const file = await readStoredInstance(new Uint8Array(readFileSync(path.join(path.dirname(manifestPath), instance.file))));
      expect(retrieved.transferSyntaxUID, instance.file).toBe(instance.transferSyntaxUID);
      expect(retrieved.format, instance.file).toEqual(file.format);
      for (let f = 0; f < instance.frames; f++) expect(nativeFrame(retrieved, f), `${instance.file} frame ${f + 1}`).toEqual(nativeFrame(file, f));
    }
  });
});
