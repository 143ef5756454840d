/** The SOP Instance UID and 1-based frame number a WADO-RS image id (…/instances/<uid>/frames/<n>) names. */
export function imageFrameOf(imageId: string): { sopInstanceUID: string; frameNumber: number } | undefined {
  const match = /\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId);
  return match ? { sopInstanceUID: decodeURIComponent(match[1]!), frameNumber: Number(match[2]) } : undefined;
}
