import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGspsPart10 } from '../../src/gsps/build-gsps.ts';
import { planPresentations } from '../../src/gsps/plan-presentations.ts';
import { referencedImageFile, runValidator } from './gsps-tools.ts';
import { CT_SOPS, planInput } from './viewer-capture-fixtures.ts';

/** The presentation states the viewer's save plans (from captured viewer state) go through the same validators as the writer's own fixtures. */

const dir = mkdtempSync(join(tmpdir(), 'readroom-gsps-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = planPresentations(planInput());
const input = plan.series[0]!.presentations[0]!;
const slice = input.referencedImages.findIndex((i) => i.sopInstanceUID === CT_SOPS[1]);
const ps = join(dir, 'ps.dcm');
const image = join(dir, 'image.dcm');
writeFileSync(ps, new Uint8Array(writeGspsPart10(input)));
writeFileSync(image, referencedImageFile(input, slice));

/** dcmpschk reads UTF-8 bytes 0x80–0x9F (as in "–") as C1 controls; everything else must be clean. */
const realErrors = (output: string) =>
  output
    .split(/^E: Error: /m)
    .slice(1)
    .filter(
      (block) =>
        !(
          /does not conform to data type/.test(block) &&
          [...new TextEncoder().encode(/Attribute value\s*: \[(.*)\]/.exec(block)?.[1] ?? '')].some((b) => b >= 0x80 && b <= 0x9f)
        ),
    );

describe('a presentation state planned from captured viewer state', () => {
  it('dciodvfy reports no errors', async () => {
    const { output } = await runValidator('dciodvfy', [ps]);
    expect(output.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
  });

  it('dcmpschk reports no errors', async () => {
    const { output } = await runValidator('dcmpschk', [ps]);
    expect(realErrors(output)).toEqual([]);
  });

  it('dcmp2pgm parses every graphic and text object drawn on the slice', async () => {
    const { output, code } = await runValidator('dcmp2pgm', ['-v', '-p', ps, image, join(dir, 'out.pgm')]);
    expect(code, output).toBe(0);
    const drawn = input.annotations.filter((a) => a.referencedSopInstanceUID === CT_SOPS[1]);
    expect(drawn).toHaveLength(5);
    expect(Number(/Number of graphic objects: (\d+)/.exec(output)?.[1])).toBe(drawn.length);
    expect(Number(/Number of text objects: (\d+)/.exec(output)?.[1])).toBe(drawn.length);
  });

  it('dcentvfy finds image and presentation state consistent', async () => {
    const { output, code } = await runValidator('dcentvfy', [image, ps]);
    expect(output.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
    expect(code, output).toBe(0);
  });
});
