import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { encodePart10 } from './compress.ts';
import { readImageHeader } from './read-header.ts';
import { runTool } from './run-tool.ts';
import { planSeries } from './series/index.ts';
import { TransferSyntax, transferSyntaxName } from './transfer-syntaxes.ts';
import { part10Bytes, readPart10 } from './write-part10.ts';

const work = mkdtempSync(path.join(tmpdir(), 'readroom-compress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Independent decoders (other tools than the encoders where possible) back to Explicit VR Little Endian. */
const DECODERS: Record<string, (input: string, output: string) => [string, string[]]> = {
  [TransferSyntax.jpegLsLossless]: (i, o) => ['dcmdjpls', [i, o]],
  [TransferSyntax.jpegLossless]: (i, o) => ['dcmdjpeg', [i, o]],
  [TransferSyntax.rleLossless]: (i, o) => ['dcmdrle', [i, o]],
  [TransferSyntax.jpeg2000Lossless]: (i, o) => ['gdcmconv', ['--raw', i, o]],
};

function writeSlice(studyKey: string, name: string): string {
  const study = CATALOGUE.find((s) => s.key === studyKey)!;
  const draft = planSeries(study, study.series[0]!).instance(10);
  const file = path.join(work, `${name}.dcm`);
  writeFileSync(file, part10Bytes(draft.dataset, draft.pixelData));
  return file;
}

const pixelData = (file: string) => Buffer.from((readPart10(readFileSync(file)).dataset['PixelData'] as ArrayBuffer[])[0]!);

const chestSlice = writeSlice('ct-chest-current', 'chest');
const headSlice = writeSlice('ct-head', 'head');
const cases = [
  ['chest (signed, positive)', chestSlice, TransferSyntax.jpegLsLossless],
  ['chest (signed, positive)', chestSlice, TransferSyntax.jpegLossless],
  ['chest (signed, positive)', chestSlice, TransferSyntax.rleLossless],
  ['chest (signed, positive)', chestSlice, TransferSyntax.jpeg2000Lossless],
  ['head (12-bit signed, negative)', headSlice, TransferSyntax.rleLossless],
  ['head (12-bit signed, negative)', headSlice, TransferSyntax.jpeg2000Lossless],
] as const;

describe('lossless encoders', () => {
  it.each(cases)('%s → %s decodes to the original pixels, deterministically', async (_label, source, ts) => {
    const name = `${path.basename(source, '.dcm')}-${ts}`;
    const encoded = path.join(work, `${name}.dcm`);
    const again = path.join(work, `${name}.again.dcm`);
    const decoded = path.join(work, `${name}.decoded.dcm`);
    await encodePart10(source, encoded, ts);
    await encodePart10(source, again, ts);
    expect(readImageHeader(encoded).transferSyntaxUID, transferSyntaxName(ts)).toBe(ts);
    expect(Buffer.compare(readFileSync(encoded), readFileSync(again))).toBe(0);
    const [tool, args] = DECODERS[ts]!(encoded, decoded);
    await runTool(tool, args);
    expect(pixelData(decoded).equals(pixelData(source))).toBe(true);
    expect(readImageHeader(encoded).sopInstanceUID).toBe(readImageHeader(source).sopInstanceUID);
  });

  it('rejects a syntax it cannot produce', async () => {
    await expect(encodePart10(chestSlice, path.join(work, 'x.dcm'), TransferSyntax.explicitBigEndian)).rejects.toThrow(/No encoder/);
  });
});
