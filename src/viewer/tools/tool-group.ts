import type { Types } from '@cornerstonejs/core';
import {
  AngleTool,
  ArrowAnnotateTool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { formatPixelSample } from '../../imaging/pixel-value.ts';
import { requestAnnotationText } from '../annotations/annotation-text.ts';
import { registerImagerSpacingCalibration } from '../viewport/calibration.ts';
import { withLossyNote } from '../annotations/lossy-annotations.ts';
import { pixelAtWorld } from '../viewport/pixel-sample.ts';

/** The tools a reader can put on the primary (left) mouse button. */
export type PrimaryTool = 'windowLevel' | 'pan' | 'zoom' | 'length' | 'angle' | 'rectangleRoi' | 'ellipseRoi' | 'arrow' | 'probe' | 'scroll';

/** The tools that draw annotations (a finger draws with them too when chosen). */
export const DRAWING_TOOLS: ReadonlySet<PrimaryTool> = new Set(['length', 'angle', 'rectangleRoi', 'ellipseRoi', 'arrow', 'probe']);

export const PRIMARY_TOOL_NAMES: Readonly<Record<PrimaryTool, string>> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  rectangleRoi: RectangleROITool.toolName,
  ellipseRoi: EllipticalROITool.toolName,
  arrow: ArrowAnnotateTool.toolName,
  probe: ProbeTool.toolName,
  scroll: StackScrollTool.toolName,
};

const ALL_TOOLS = [
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  LengthTool,
  AngleTool,
  RectangleROITool,
  EllipticalROITool,
  ArrowAnnotateTool,
  ProbeTool,
];
/** Annotation tools stay passive when not on the primary button, so their annotations can be selected, moved and deleted. */
const ANNOTATION_TOOLS = [LengthTool, AngleTool, RectangleROITool, EllipticalROITool, ArrowAnnotateTool, ProbeTool];
const MEASUREMENT_TOOLS = [LengthTool, AngleTool, RectangleROITool, EllipticalROITool, ProbeTool];

/** Registers every tool and the Imager Pixel Spacing calibration with Cornerstone once (called by initCornerstone). */
export function registerTools(): void {
  for (const tool of ALL_TOOLS) addTool(tool);
  registerImagerSpacingCalibration();
}

export const arrowConfiguration = {
  // Our own accessible dialog instead of window.prompt.
  getTextCallback: (done: (text: string | null) => void) => void requestAnnotationText('').then(done),
  changeTextCallback: (data: { data?: { label?: string } }, _eventData: unknown, done: (text: string | null) => void) =>
    void requestAnnotationText(data.data?.label ?? '').then((text) => done(text ?? data.data?.label ?? '')),
};

/**
 * Probe text from the image itself: Cornerstone 5.14's ProbeTool looks the value up at the stack
 * position as a third index of a single image and finds nothing beyond the first slice.
 */
const probeConfiguration = {
  getTextLines: (data: { handles?: { points?: Types.Point3[] } }, targetId: string) => {
    const world = data.handles?.points?.[0];
    if (!world || !targetId.startsWith('imageId:')) return undefined;
    const sample = pixelAtWorld(targetId.slice('imageId:'.length), world);
    return sample ? [formatPixelSample(sample).replace(/^X: (\d+) Y: (\d+) (Value: )?/, '($1, $2) ')] : undefined;
  },
};

function applyPrimary(group: ToolTypes.IToolGroup, tool: PrimaryTool): void {
  const { MouseBindings } = ToolEnums;
  const current = group.getActivePrimaryMouseButtonTool();
  if (current === PRIMARY_TOOL_NAMES[tool]) return;
  if (current) group.setToolPassive(current);
  group.setToolActive(PRIMARY_TOOL_NAMES[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

/**
 * The tool group of one viewport: the chosen primary tool on the left button, pan on the middle,
 * zoom on the right, wheel scrolls slices, annotation tools passive; two fingers pinch-zoom and pan
 * (Cornerstone's zoom tool does both). One finger uses the primary binding: see `setPointerPrimaryTool`.
 */
export function createViewportToolGroup(toolGroupId: string, viewportId: string, renderingEngineId: string, primary: PrimaryTool): void {
  ToolGroupManager.destroyToolGroup(toolGroupId);
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error(`Could not create tool group ${toolGroupId}`);
  for (const tool of ALL_TOOLS) {
    group.addTool(tool.toolName, tool === ArrowAnnotateTool ? arrowConfiguration : tool === ProbeTool ? probeConfiguration : {});
  }
  // Measurements made on a lossy image (or on a lossy preview) say so in their text.
  for (const tool of MEASUREMENT_TOOLS) {
    const getTextLines = (group.getToolInstance(tool.toolName) as { configuration?: { getTextLines?: Parameters<typeof withLossyNote>[0] } } | undefined)
      ?.configuration?.getTextLines;
    if (getTextLines) group.setToolConfiguration(tool.toolName, { getTextLines: withLossyNote(getTextLines) });
  }
  const { MouseBindings } = ToolEnums;
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }, { numTouchPoints: 2 }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  for (const tool of ANNOTATION_TOOLS) group.setToolPassive(tool.toolName);
  applyPrimary(group, primary);
  group.addViewport(viewportId, renderingEngineId);
}

export function destroyViewportToolGroup(toolGroupId: string): void {
  ToolGroupManager.destroyToolGroup(toolGroupId);
}

/**
 * Cornerstone gives one finger to the tool on the primary binding: before a finger or the mouse acts on a
 * viewport, its primary tool is made the one for that kind of pointer (a touch screen may also have a
 * mouse; each pointerdown sets it again, so mouse and keyboard behave as without touch).
 */
export function setPointerPrimaryTool(viewportId: string, renderingEngineId: string, tool: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroupForViewport(viewportId, renderingEngineId);
  if (group) applyPrimary(group, tool);
}

/** Puts `tool` on the left button of every viewport (one tool at a time, as in PACS); each viewport has its tool group. */
export function setPrimaryTool(tool: PrimaryTool): void {
  for (const group of ToolGroupManager.getAllToolGroups()) applyPrimary(group, tool);
}
