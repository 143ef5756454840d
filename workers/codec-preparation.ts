import { codecToPrepare } from './codec-preparation-protocol.ts';

/** Readies a decoder: resolves once its WebAssembly module is instantiated. */
export type CodecInitializer = () => Promise<unknown>;

interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Answers the page's codec preparation messages (codec-preparation-protocol.ts): the decoder of the named
 * transfer syntax is initialised at once, so the first frame in it is decoded without waiting for the
 * decoder's WebAssembly to be fetched behind the frames on the link. Each decoder once; syntaxes without a
 * WebAssembly decoder need nothing. A failure is left to the first decode, which reports it with its frame.
 * A decode that starts while the decoder is still being readied initialises it again (the loader's own
 * check sees no decoder yet): its WebAssembly is then fetched twice, nothing worse.
 */
export function answerCodecPreparation(scope: MessageSource, initializers: Readonly<Record<string, CodecInitializer>>): void {
  const started = new Set<CodecInitializer>();
  scope.addEventListener('message', (event) => {
    const syntax = codecToPrepare(event.data);
    const initialize = syntax === undefined ? undefined : initializers[syntax];
    if (!initialize || started.has(initialize)) return;
    started.add(initialize);
    initialize().catch(() => started.delete(initialize));
  });
}
