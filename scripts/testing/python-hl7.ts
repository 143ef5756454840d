import { spawnSync } from 'node:child_process';
import { SYSTEM_PYTHON } from '../lib/debian-packages.ts';

/** What the tests check of an ORU^R01, as an independent parser reads it. */
export interface ParsedOru {
  controlId: string;
  version: string;
  patientId: string;
  placerOrder: string;
  fillerOrder: string;
  resultStatus: string;
  texts: string[];
  obxStatuses: string[];
}

/** python3-hl7 (Debian) reads the message: an independent implementation of HL7 v2 parsing and unescaping. */
export function parseWithPythonHl7(message: string): ParsedOru {
  const script = `
import json, sys, hl7
m = hl7.parse(sys.stdin.buffer.read().decode('utf-8'))
msh, pid, obr = m.segment('MSH'), m.segment('PID'), m.segment('OBR')
obx = m.segments('OBX')
print(json.dumps({
  'controlId': str(msh[10]), 'version': str(msh[12]), 'patientId': str(pid[3][0][0]),
  'placerOrder': m.unescape(str(obr[2])), 'fillerOrder': m.unescape(str(obr[3])), 'resultStatus': str(obr[25]),
  'texts': [m.unescape(str(s[5])) for s in obx], 'obxStatuses': [str(s[11]) for s in obx],
}))
`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: Buffer.from(message, 'utf8'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3-hl7 could not read the message: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as ParsedOru;
  // python-hl7 turns \.br\ into a carriage return.
  return { ...parsed, texts: parsed.texts.map((t) => t.replace(/\r\n?/g, '\n')) };
}
