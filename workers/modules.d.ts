declare module 'cornerstone-decode-worker';
declare module 'cornerstone-decoders/*' {
  export function initialize(decodeConfig?: unknown): Promise<void>;
}
