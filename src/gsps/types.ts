/**
 * Plain types for Grayscale Softcopy Presentation States (GSPS, PS3.3 A.33.1).
 *
 * Coordinates: every point here is in image PIXEL space as DICOM defines it for GSPS (PS3.3 C.10.5.1.1):
 * `[column, row]`, sub-pixel, where `[0, 0]` is the top-left corner of the first pixel (not its centre)
 * and `[Columns, Rows]` the bottom-right corner of the last pixel. Cornerstone3D's image coordinates
 * (`utilities.worldToImageCoords`) use the same origin, so the viewer passes them through unchanged.
 */

export type Point = readonly [column: number, row: number];

export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface VoiWindow {
  center: number;
  width: number;
  explanation?: string;
  function?: VoiLutFunction;
}

export type PresentationSizeMode = 'SCALE TO FIT' | 'TRUE SIZE' | 'MAGNIFY';

/** Displayed Area (PS3.3 C.10.4): corners are whole pixels, 1-based, inclusive (SL values). */
export interface DisplayedArea {
  tlhc: readonly [column: number, row: number];
  brhc: readonly [column: number, row: number];
  sizeMode: PresentationSizeMode;
  /** Required for MAGNIFY (Presentation Pixel Magnification Ratio). */
  magnification?: number;
  /** Row\Column spacing in mm; required for TRUE SIZE (Presentation Pixel Spacing). */
  pixelSpacing?: readonly [row: number, column: number];
}

export interface ReferencedImage {
  sopClassUID: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  /** 1-based frame of a multi-frame image; absent for single-frame images. */
  frameNumber?: number;
  rows: number;
  columns: number;
  /** MONOCHROME1 images need the INVERSE Presentation LUT Shape to look as they normally do. */
  photometricInterpretation?: string;
  /**
   * The image's Rescale Slope/Intercept/Type. A presentation state replaces the image's Modality LUT
   * (PS3.4 N.2), so without these a CT window in HU would be applied to stored values.
   */
  rescale?: { slope: number; intercept: number; type?: string };
  voi?: VoiWindow;
  displayedArea?: DisplayedArea;
}

export interface SpatialTransform {
  /** Clockwise rotation of the image (PS3.3 C.10.6). */
  rotation: 0 | 90 | 180 | 270;
  /** Left becomes right; DICOM applies the flip AFTER the rotation. */
  horizontalFlip: boolean;
}

interface AnnotationBase {
  referencedSopInstanceUID: string;
  frameNumber?: number;
  /** The value with its unit ("42.3 mm", "Mean 41 HU SD 12 Area 3.2 cm²") or an arrow's label. */
  text: string;
  /** Where the text goes (Cornerstone's text box position); a default near the shape otherwise. */
  textAnchor?: Point;
  /** The text's box as the reader saw it (top-left and bottom-right corners), when known. */
  textBox?: readonly [Point, Point];
}

export interface LengthAnnotation extends AnnotationBase {
  kind: 'length';
  points: readonly [Point, Point];
}

/** Three points, the vertex in the middle. */
export interface AngleAnnotation extends AnnotationBase {
  kind: 'angle';
  points: readonly [Point, Point, Point];
}

/** Two opposite corners of an axis-aligned rectangle. */
export interface RectangleRoiAnnotation extends AnnotationBase {
  kind: 'rectangleRoi';
  points: readonly [Point, Point];
}

/** Two opposite corners of the ellipse's axis-aligned bounding box. */
export interface EllipseRoiAnnotation extends AnnotationBase {
  kind: 'ellipseRoi';
  points: readonly [Point, Point];
}

/** The arrow head is the first point (Cornerstone's ArrowAnnotate `arrowFirst`), the tail the second. */
export interface ArrowAnnotation extends AnnotationBase {
  kind: 'arrow';
  points: readonly [Point, Point];
}

export interface ProbeAnnotation extends AnnotationBase {
  kind: 'probe';
  points: readonly [Point];
}

export type Annotation = LengthAnnotation | AngleAnnotation | RectangleRoiAnnotation | EllipseRoiAnnotation | ArrowAnnotation | ProbeAnnotation;

/** Patient, General Study and series-level attributes copied from the annotated images. */
export interface SourceImageAttributes {
  SpecificCharacterSet?: string | string[];
  PatientName?: string;
  PatientID?: string;
  IssuerOfPatientID?: string;
  PatientBirthDate?: string;
  PatientSex?: string;
  StudyInstanceUID: string;
  StudyDate?: string;
  StudyTime?: string;
  ReferringPhysicianName?: string;
  StudyID?: string;
  AccessionNumber?: string;
  StudyDescription?: string;
  BodyPartExamined?: string;
}

export interface PresentationInput {
  creatorName: string;
  /** Content Label (CS): sanitised to at most 16 of A–Z 0–9 _ and space. */
  label: string;
  description: string;
  /** Creation date and time (injected, so output is deterministic in tests). */
  now: Date;
  uids: { seriesInstanceUID: string; sopInstanceUID: string };
  instanceNumber: number;
  seriesNumber: number;
  seriesDescription?: string;
  referencedImages: readonly ReferencedImage[];
  spatial: SpatialTransform;
  /** The reader inverted the grey scale (relative to how the image normally displays). */
  invert: boolean;
  annotations: readonly Annotation[];
  source: SourceImageAttributes;
}

// ---- what the reader returns ------------------------------------------------------------------

export type GraphicType = 'POINT' | 'POLYLINE' | 'INTERPOLATED' | 'CIRCLE' | 'ELLIPSE';

export interface ImageRef {
  sopClassUID: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  /** Empty: every frame (or a single-frame image). */
  frameNumbers: number[];
}

/** Which images (and frames) an item applies to; `undefined` means every referenced image. */
export interface AppliesTo {
  images?: Array<{ sopInstanceUID: string; frameNumbers: number[] }>;
}

export interface GspsGraphic {
  layer: string;
  type: GraphicType;
  /** In image pixel space (DISPLAY units converted through the displayed area). */
  points: Point[];
  filled: boolean;
  /** The units in the file ('DISPLAY' points have been converted). */
  sourceUnits: 'PIXEL' | 'DISPLAY';
  appliesTo: AppliesTo;
}

export interface GspsText {
  layer: string;
  text: string;
  anchor?: { point: Point; visible: boolean };
  boundingBox?: { tlhc: Point; brhc: Point; justification?: string };
  sourceUnits: 'PIXEL' | 'DISPLAY';
  appliesTo: AppliesTo;
}

export interface GspsLayer {
  name: string;
  order: number;
  description?: string;
}

export interface GspsContent {
  sopInstanceUID: string;
  seriesInstanceUID: string;
  studyInstanceUID: string;
  label: string;
  description: string;
  creator: string;
  /** PresentationCreationDate + Time as an ISO-like local string "YYYY-MM-DDTHH:MM:SS". */
  createdAt: string;
  instanceNumber?: number;
  referencedImages: ImageRef[];
  voi: Array<VoiWindow & AppliesTo>;
  displayedAreas: Array<DisplayedArea & AppliesTo>;
  spatial: SpatialTransform;
  presentationLutShape: 'IDENTITY' | 'INVERSE' | undefined;
  layers: GspsLayer[];
  graphics: GspsGraphic[];
  texts: GspsText[];
  /** Things in the file the reader could not use, in words. */
  warnings: string[];
}
