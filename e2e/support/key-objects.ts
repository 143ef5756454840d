import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackArchive } from './archive.ts';
import type { E2eStack } from './stack-state.ts';

/**
 * Key Object Selection documents for specs: written with pydicom (not Readroom's code), stored in the
 * run's archive through its REST API, and deleted again by the spec (deleteSeries of presentation-states.ts).
 */

export interface KeyObjectInput {
  studyInstanceUID: string;
  patientId: string;
  patientName: string;
  accessionNumber: string;
  /** CID 7010: 113008 For Peer Review, 113010 Quality Issue, … */
  title: { code: string; meaning: string };
  images: Array<{ seriesInstanceUID: string; sopClassUID: string; sopInstanceUID: string }>;
}

const SCRIPT = `
import json, sys, datetime
from pydicom.dataset import Dataset, FileMetaDataset, FileDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
spec = json.loads(sys.argv[1])
KOS = '1.2.840.10008.5.1.4.1.1.88.59'
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = KOS
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset(sys.argv[2], {}, file_meta=meta, preamble=b'\\0' * 128)
ds.is_little_endian = True
ds.is_implicit_VR = False
now = datetime.datetime.now()
ds.SpecificCharacterSet = 'ISO_IR 192'
ds.SOPClassUID = KOS
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.StudyInstanceUID = spec['studyInstanceUID']
ds.SeriesInstanceUID = generate_uid()
ds.Modality = 'KO'
ds.SeriesNumber = 901
ds.InstanceNumber = 1
ds.PatientID = spec['patientId']
ds.PatientName = spec['patientName']
ds.AccessionNumber = spec['accessionNumber']
ds.ContentDate = now.strftime('%Y%m%d')
ds.ContentTime = now.strftime('%H%M%S')
ds.ValueType = 'CONTAINER'
ds.ContinuityOfContent = 'SEPARATE'
title = Dataset(); title.CodeValue = spec['title']['code']; title.CodingSchemeDesignator = 'DCM'; title.CodeMeaning = spec['title']['meaning']
ds.ConceptNameCodeSequence = [title]
template = Dataset(); template.MappingResource = 'DCMR'; template.TemplateIdentifier = '2010'
ds.ContentTemplateSequence = [template]
items = []
for image in spec['images']:
    ref = Dataset(); ref.ReferencedSOPClassUID = image['sopClassUID']; ref.ReferencedSOPInstanceUID = image['sopInstanceUID']
    item = Dataset(); item.RelationshipType = 'CONTAINS'; item.ValueType = 'IMAGE'; item.ReferencedSOPSequence = [ref]
    items.append(item)
ds.ContentSequence = items
series = {}
for image in spec['images']:
    ref = Dataset(); ref.ReferencedSOPClassUID = image['sopClassUID']; ref.ReferencedSOPInstanceUID = image['sopInstanceUID']
    series.setdefault(image['seriesInstanceUID'], []).append(ref)
seq = []
for uid, refs in series.items():
    s = Dataset(); s.SeriesInstanceUID = uid; s.ReferencedSOPSequence = refs; seq.append(s)
study = Dataset(); study.StudyInstanceUID = spec['studyInstanceUID']; study.ReferencedSeriesSequence = seq
ds.CurrentRequestedProcedureEvidenceSequence = [study]
ds.save_as(sys.argv[2], write_like_original=False)
print(json.dumps({'seriesInstanceUID': ds.SeriesInstanceUID, 'sopInstanceUID': ds.SOPInstanceUID}))
`;

/** Writes the KOS with pydicom and stores it in the run's archive; answers its series and instance UIDs. */
export async function storeKeyObject(stack: E2eStack, input: KeyObjectInput): Promise<{ seriesInstanceUID: string; sopInstanceUID: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-kos-'));
  try {
    const file = path.join(dir, 'kos.dcm');
    const out = execFileSync('/usr/bin/python3', ['-c', SCRIPT, JSON.stringify(input), file], { encoding: 'utf8' });
    const uids = JSON.parse(out) as { seriesInstanceUID: string; sopInstanceUID: string };
    const res = await stackArchive(stack).adminFetch('/instances', {
      method: 'POST',
      body: readFileSync(file),
      headers: { 'Content-Type': 'application/dicom' },
    });
    if (!res.ok) throw new Error(`Storing the KOS answered HTTP ${res.status}: ${await res.text()}`);
    return uids;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
