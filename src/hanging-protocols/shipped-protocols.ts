import { parseProtocols, type HangingProtocol } from './hanging-protocol.ts';

// The repository's protocol files, built into the app (docs/viewer.md#hanging-protocols: adding one is adding a file).
const files = import.meta.glob<unknown>('../../config/hanging-protocols/*.json', { eager: true, import: 'default' });

let parsed: HangingProtocol[] | undefined;

/** The shipped hanging protocols (parsed once; a broken file fails hanging-protocols.test.ts). */
export function shippedProtocols(): HangingProtocol[] {
  return (parsed ??= parseProtocols(files));
}
