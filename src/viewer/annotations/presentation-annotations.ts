import { utilities, type Types } from '@cornerstonejs/core';
import {
  AngleTool,
  ArrowAnnotateTool,
  EllipticalROITool,
  LengthTool,
  ProbeTool,
  RectangleROITool,
  ToolGroupManager,
  annotation as csAnnotation,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { DraftAnnotation } from '../../drafts/annotation-draft.ts';
import type { CapturedAnnotation } from '../../gsps/plan-presentations.ts';
import type { Annotation as GspsAnnotation, Point } from '../../gsps/types.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';

type CsAnnotation = ToolTypes.Annotation;
type Point3 = Types.Point3;

/** The reader's measurement tools and what each becomes in a presentation state. */
const TOOLS = {
  [LengthTool.toolName]: { kind: 'length', tool: LengthTool },
  [AngleTool.toolName]: { kind: 'angle', tool: AngleTool },
  [RectangleROITool.toolName]: { kind: 'rectangleRoi', tool: RectangleROITool },
  [EllipticalROITool.toolName]: { kind: 'ellipseRoi', tool: EllipticalROITool },
  [ArrowAnnotateTool.toolName]: { kind: 'arrow', tool: ArrowAnnotateTool },
  [ProbeTool.toolName]: { kind: 'probe', tool: ProbeTool },
} as const satisfies Record<string, { kind: GspsAnnotation['kind']; tool: { toolName: string } }>;

/** The last text a restored annotation showed, kept on it until the viewer measures it again. */
const DRAFT_TEXT = 'readroomDraftText';

const toolOf = (a: CsAnnotation) => (Object.hasOwn(TOOLS, a.metadata?.toolName ?? '') ? TOOLS[a.metadata!.toolName as keyof typeof TOOLS] : undefined);

/**
 * The reader's own annotations: the six measurement tools, on a WADO-RS image, complete. Locked
 * annotations are someone else's (a presentation state shown read-only) and never saved again.
 */
export function readerAnnotations(): CsAnnotation[] {
  return csAnnotation.state
    .getAllAnnotations()
    .filter(
      (a) =>
        toolOf(a) &&
        !a.isLocked &&
        a.metadata?.referencedImageId &&
        parseWadorsImageId(a.metadata?.referencedImageId) &&
        (a.data.handles?.points?.length ?? 0) > 0,
    );
}

export function studyOfAnnotation(a: CsAnnotation): string | undefined {
  return parseWadorsImageId(a.metadata?.referencedImageId ?? '')?.studyInstanceUID;
}

/** The text the viewer shows next to an annotation, on one line ("Area: 314 mm², Mean: 41 HU, …"). */
export function annotationText(a: CsAnnotation): string {
  if (a.metadata?.toolName === ArrowAnnotateTool.toolName) return a.data.label ?? '';
  const targetId = Object.keys(a.data.cachedStats ?? {})[0];
  const group = ToolGroupManager.getAllToolGroups()[0];
  const instance = group?.getToolInstance(a.metadata?.toolName ?? '') as
    { configuration?: { getTextLines?: (data: unknown, targetId: string) => string[] | undefined } } | undefined;
  let lines: string[] | undefined;
  try {
    lines = targetId ? instance?.configuration?.getTextLines?.(a.data, targetId) : undefined;
  } catch {
    lines = undefined;
  }
  if (lines && lines.length > 0) return lines.join(', ');
  const kept = (a.data as Record<string, unknown>)[DRAFT_TEXT];
  return typeof kept === 'string' ? kept : '';
}

const worldPoints = (a: CsAnnotation): Point3[] => (a.data.handles?.points ?? []) as Point3[];

function movedTextBox(a: CsAnnotation): Point3 | undefined {
  const box = a.data.handles?.textBox;
  return box?.hasMoved && box.worldPosition ? ([...box.worldPosition] as Point3) : undefined;
}

/** A plain, JSON-safe copy of an annotation for the draft store. */
export function toDraftAnnotation(a: CsAnnotation): DraftAnnotation {
  const textBox = movedTextBox(a);
  return {
    annotationUID: a.annotationUID!,
    toolName: a.metadata!.toolName,
    imageId: a.metadata!.referencedImageId!,
    metadata: JSON.parse(JSON.stringify(a.metadata)) as Record<string, unknown>,
    points: worldPoints(a).map((p) => [p[0], p[1], p[2]]),
    ...(textBox ? { textBox } : {}),
    ...(a.data.label ? { label: a.data.label } : {}),
    text: annotationText(a),
  };
}

/** Puts draft annotations back into Cornerstone's annotation state (ones already there are left alone). Returns how many were added. */
export function restoreDraftAnnotations(drafts: readonly DraftAnnotation[]): number {
  let added = 0;
  for (const draft of drafts) {
    const entry = Object.hasOwn(TOOLS, draft.toolName) ? TOOLS[draft.toolName as keyof typeof TOOLS] : undefined;
    if (!entry || csAnnotation.state.getAnnotation(draft.annotationUID)) continue;
    const restored = entry.tool.createAnnotation({
      annotationUID: draft.annotationUID,
      highlighted: false,
      metadata: { ...draft.metadata, toolName: draft.toolName, referencedImageId: draft.imageId },
      data: {
        handles: { points: draft.points.map((p) => [...p]), ...(draft.textBox ? { textBox: { hasMoved: true, worldPosition: [...draft.textBox] } } : {}) },
        label: draft.label ?? '',
        [DRAFT_TEXT]: draft.text,
      },
    }) as CsAnnotation;
    // The manager groups annotations by the frame of reference the view reference names (as when drawn).
    csAnnotation.state.addAnnotation(restored, restored.metadata?.FrameOfReferenceUID ?? '');
    added++;
  }
  return added;
}

const toImage = (imageId: string, p: Types.Point3): Point => {
  const [column, row] = utilities.worldToImageCoords(imageId, p) as [number, number];
  return [column, row];
};

function bounds(points: readonly Point[]): [Point, Point] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

/**
 * An annotation in image pixel space for a presentation state. Cornerstone's image coordinates have the
 * GSPS origin (the top-left corner of the first pixel). Needs the image's metadata to be registered.
 */
export function captureAnnotation(a: CsAnnotation): CapturedAnnotation | undefined {
  const entry = toolOf(a);
  const imageId = a.metadata?.referencedImageId;
  const ref = imageId ? parseWadorsImageId(imageId) : undefined;
  if (!entry || !imageId || !ref) return undefined;
  const points = worldPoints(a).map((p) => toImage(imageId, p));
  const box = a.data.handles?.textBox;
  const boxAt = box?.worldPosition && box.worldPosition.some((v) => v !== 0) ? box.worldPosition : undefined;
  const corners = box?.worldBoundingBox && [
    box.worldBoundingBox.topLeft,
    box.worldBoundingBox.topRight,
    box.worldBoundingBox.bottomLeft,
    box.worldBoundingBox.bottomRight,
  ];
  const base = {
    referencedSopInstanceUID: ref.sopInstanceUID,
    frameNumber: ref.frameNumber,
    text: annotationText(a),
    ...(boxAt ? { textAnchor: toImage(imageId, boxAt) } : {}),
    // The box as drawn, in image space (after a rotation its corners come in another order).
    ...(corners ? { textBox: bounds(corners.map((p) => toImage(imageId, p))) } : {}),
  };
  switch (entry.kind) {
    case 'length':
    case 'arrow':
      return points.length >= 2 ? { kind: entry.kind, ...base, points: [points[0]!, points[1]!] } : undefined;
    case 'angle':
      return points.length >= 3 ? { kind: 'angle', ...base, points: [points[0]!, points[1]!, points[2]!] } : undefined;
    case 'rectangleRoi':
    case 'ellipseRoi':
      // Rectangle: its four corners; ellipse: the ends of its axes. Either way the bounding box.
      return points.length >= 2 ? { kind: entry.kind, ...base, points: bounds(points) } : undefined;
    case 'probe':
      return { kind: 'probe', ...base, points: [points[0]!] };
  }
}
