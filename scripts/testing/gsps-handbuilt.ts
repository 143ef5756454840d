import { buildGsps } from '../../src/gsps/build-gsps.ts';
import type { NaturalDataset } from '../../src/gsps/dcmjs.ts';
import type { DisplayedArea, PresentationInput } from '../../src/gsps/types.ts';

/** The hand-built graphics, in the file's own units: PIXEL (image pixel space) or DISPLAY (0–1 of the displayed area). */
export const HAND_BUILT = {
  circle: { center: [200, 200], rim: [220, 200] },
  interpolated: [
    [10, 10],
    [50, 80],
    [90, 20],
    [130, 60],
  ],
  displayDiagonal: [
    [0, 0],
    [1, 1],
  ],
  point: [300, 150],
  closedPolyline: [
    [350, 350],
    [420, 350],
    [420, 400],
    [350, 350],
  ],
  anchorText: { text: 'Anchor note', anchor: [300, 150] },
  displayBox: { text: 'Läsion (Box)', tlhc: [0.1, 0.1], brhc: [0.5, 0.2] },
  pixelBox: { text: 'pixel box', tlhc: [5, 5], brhc: [60, 20] },
} as const;

/**
 * A GSPS as another tool might write it, with what Readroom's writer never uses: CIRCLE, INTERPOLATED,
 * DISPLAY units, bounding-box text, two layers. Patient, study, references, VOI, spatial transformation and
 * Presentation LUT come from `input` (through the project's writer); graphics go on its first referenced image.
 */
export function handBuiltGsps(input: PresentationInput, area: DisplayedArea): NaturalDataset {
  const dataset = buildGsps({ ...input, annotations: [] });
  const image = input.referencedImages[0]!;
  const ref = [{ ReferencedSOPClassUID: image.sopClassUID, ReferencedSOPInstanceUID: image.sopInstanceUID }];
  const g = HAND_BUILT;
  dataset['SpecificCharacterSet'] = 'ISO_IR 192';
  dataset['DisplayedAreaSelectionSequence'] = [
    {
      DisplayedAreaTopLeftHandCorner: [...area.tlhc],
      DisplayedAreaBottomRightHandCorner: [...area.brhc],
      PresentationSizeMode: area.sizeMode,
      ...(area.sizeMode === 'MAGNIFY' ? { PresentationPixelMagnificationRatio: area.magnification ?? 1 } : { PresentationPixelAspectRatio: [1, 1] }),
    },
  ];
  dataset['GraphicLayerSequence'] = [
    { GraphicLayer: 'OTHER TOOL', GraphicLayerOrder: 2 },
    { GraphicLayer: 'LAYER B', GraphicLayerOrder: 1, GraphicLayerDescription: 'Second layer' },
  ];
  const graphic = (type: string, units: string, points: ReadonlyArray<readonly number[]>, filled = false) => ({
    GraphicAnnotationUnits: units,
    GraphicDimensions: 2,
    NumberOfGraphicPoints: points.length,
    GraphicData: points.flat(),
    GraphicType: type,
    GraphicFilled: filled ? 'Y' : 'N',
  });
  dataset['GraphicAnnotationSequence'] = [
    {
      ReferencedImageSequence: ref,
      GraphicLayer: 'OTHER TOOL',
      GraphicObjectSequence: [
        graphic('CIRCLE', 'PIXEL', [g.circle.center, g.circle.rim], true),
        graphic('INTERPOLATED', 'PIXEL', g.interpolated),
        graphic('POLYLINE', 'DISPLAY', g.displayDiagonal),
      ],
      TextObjectSequence: [
        {
          UnformattedTextValue: g.displayBox.text,
          BoundingBoxAnnotationUnits: 'DISPLAY',
          BoundingBoxTopLeftHandCorner: [...g.displayBox.tlhc],
          BoundingBoxBottomRightHandCorner: [...g.displayBox.brhc],
          BoundingBoxTextHorizontalJustification: 'LEFT',
        },
      ],
    },
    {
      ReferencedImageSequence: ref,
      GraphicLayer: 'LAYER B',
      GraphicObjectSequence: [graphic('POINT', 'PIXEL', [g.point]), graphic('POLYLINE', 'PIXEL', g.closedPolyline)],
      TextObjectSequence: [
        {
          UnformattedTextValue: g.pixelBox.text,
          BoundingBoxAnnotationUnits: 'PIXEL',
          BoundingBoxTopLeftHandCorner: [...g.pixelBox.tlhc],
          BoundingBoxBottomRightHandCorner: [...g.pixelBox.brhc],
          BoundingBoxTextHorizontalJustification: 'CENTER',
        },
        { UnformattedTextValue: g.anchorText.text, AnchorPointAnnotationUnits: 'PIXEL', AnchorPoint: [...g.anchorText.anchor], AnchorPointVisibility: 'Y' },
      ],
    },
  ];
  return dataset;
}
