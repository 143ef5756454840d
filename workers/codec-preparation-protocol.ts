/**
 * The page's message asking the decode worker to get the decoder of a transfer syntax ready (its
 * WebAssembly fetched and compiled) before the first frame in that syntax comes. Comlink, which carries the
 * decode requests on the same port, ignores messages of a type it does not know.
 */
export const PREPARE_CODEC = 'readroom:prepare-codec';

export interface PrepareCodecMessage {
  type: typeof PREPARE_CODEC;
  transferSyntaxUID: string;
}

export function prepareCodecMessage(transferSyntaxUID: string): PrepareCodecMessage {
  return { type: PREPARE_CODEC, transferSyntaxUID };
}

/** The transfer syntax a message asks to prepare, if it is such a message. */
export function codecToPrepare(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { type, transferSyntaxUID } = data as Partial<PrepareCodecMessage>;
  return type === PREPARE_CODEC && typeof transferSyntaxUID === 'string' ? transferSyntaxUID : undefined;
}
