/** What the decode worker replies through (its global scope). */
export interface ReplyEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * The buffer of the decoded pixels in a reply of the decode worker (comlink's answer to `decodeTask`:
 * `{ id, type: 'RAW', value: imageFrame }`), when the frame owns it whole. A view into a decoder's
 * WebAssembly memory, or into a buffer shared with the page, is not one: it stays copied.
 */
export function decodedPixelBuffer(message: unknown): ArrayBuffer | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { type, value } = message as { type?: unknown; value?: unknown };
  if (type !== 'RAW' || !value || typeof value !== 'object') return undefined;
  const pixels = (value as { pixelData?: unknown }).pixelData;
  if (!ArrayBuffer.isView(pixels)) return undefined;
  const { buffer } = pixels;
  if (!(buffer instanceof ArrayBuffer) || pixels.byteOffset !== 0 || pixels.byteLength !== buffer.byteLength) return undefined;
  return buffer;
}

/**
 * Hands each decoded frame's pixels over to the page instead of copying them: comlink copies a reply unless
 * told otherwise, and the page then writes the copy into fresh memory while it takes the message (a 512²
 * CT frame: 0.5 MB, a few milliseconds of the page's main thread on the benchmark machine, for every frame).
 * The worker keeps nothing of a frame once it has replied. Other messages are sent as they were.
 */
export function transferDecodedPixels(endpoint: ReplyEndpoint): void {
  const post = endpoint.postMessage.bind(endpoint);
  endpoint.postMessage = (message, transfer) => {
    const buffer = decodedPixelBuffer(message);
    if (!buffer || (transfer !== undefined && !Array.isArray(transfer))) return post(message, transfer);
    const list = transfer ?? [];
    post(message, list.includes(buffer) ? list : [...list, buffer]);
  };
}
