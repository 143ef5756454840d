import { describe, expect, it } from 'vitest';
import { capturedImages, CT_SERIES, CT_SOPS, planInput, STUDY, US_SOP } from '../../scripts/testing/viewer-capture-fixtures.ts';
import { buildGsps } from './build-gsps.ts';
import { checkGsps } from './check-gsps.ts';
import { planPresentations } from './plan-presentations.ts';

describe('planPresentations', () => {
  const plan = planPresentations(planInput());
  const [series] = plan.series;
  const ps = series!.presentations[0]!;

  it('makes one new PR series in the study with one presentation state for the CT series', () => {
    expect(plan.series).toHaveLength(1);
    expect(series!.studyInstanceUID).toBe(STUDY);
    expect(series!.seriesNumber).toBe(9001);
    expect(series!.presentations).toHaveLength(1);
    expect(ps.uids.seriesInstanceUID).toBe(series!.seriesInstanceUID);
    expect(ps.uids.sopInstanceUID).not.toBe(series!.seriesInstanceUID);
    expect(ps.instanceNumber).toBe(1);
    expect(ps.creatorName).toBe('Reader^Rita');
    expect(ps.description).toBe('6 annotations on series 2 Chest 1.25 mm');
  });

  it('references the annotated and the displayed images with their size, rescale and the viewport window', () => {
    expect(ps.referencedImages.map((i) => i.sopInstanceUID).sort()).toEqual([CT_SOPS[1], CT_SOPS[2]].sort());
    for (const image of ps.referencedImages) {
      expect(image).toMatchObject({
        seriesInstanceUID: CT_SERIES,
        rows: 512,
        columns: 512,
        photometricInterpretation: 'MONOCHROME2',
        rescale: { slope: 1, intercept: -1024 },
      });
      // The viewport's window, zoom and pan apply to its whole stack.
      expect(image.voi).toEqual({ center: -600, width: 1500 });
      expect(image.displayedArea).toEqual({ tlhc: [129, 129], brhc: [384, 384], sizeMode: 'SCALE TO FIT' });
      expect(image.frameNumber).toBeUndefined();
    }
    expect(ps.spatial).toEqual({ rotation: 90, horizontalFlip: true });
  });

  it('copies patient and study attributes from the images', () => {
    expect(ps.source).toMatchObject({
      PatientName: 'Müller^Jürgen',
      PatientID: 'RR-0001',
      StudyInstanceUID: STUDY,
      AccessionNumber: 'ACC0001',
      BodyPartExamined: 'CHEST',
      StudyID: 'S1',
    });
  });

  it('leaves out annotations on colour images and says why', () => {
    expect(ps.annotations.map((a) => a.referencedSopInstanceUID)).not.toContain(US_SOP);
    expect(plan.skipped).toEqual([{ count: 1, reason: 'they are on colour images, which a grayscale presentation state cannot carry' }]);
  });

  it('uses the header window for an annotated series no viewport shows', () => {
    const noView = planPresentations({ ...planInput(), images: capturedImages.map(({ view: _view, ...image }) => image) });
    const image = noView.series[0]!.presentations[0]!.referencedImages[0]!;
    expect(image.voi).toEqual({ center: 50, width: 350 });
    expect(image.displayedArea).toBeUndefined();
    expect(noView.series[0]!.presentations[0]!.spatial).toEqual({ rotation: 0, horizontalFlip: false });
  });

  it('gives every plan new UIDs', () => {
    const again = planPresentations(planInput());
    expect(again.series[0]!.seriesInstanceUID).not.toBe(series!.seriesInstanceUID);
    expect(again.series[0]!.presentations[0]!.uids.sopInstanceUID).not.toBe(ps.uids.sopInstanceUID);
  });

  it('builds a GSPS that passes the project checker', () => {
    expect(checkGsps(buildGsps(ps))).toEqual([]);
  });

  it('saves nothing when there is nothing drawn', () => {
    expect(planPresentations({ ...planInput(), annotations: [] }).series).toEqual([]);
  });
});
