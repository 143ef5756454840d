/**
 * A new UID under the `2.25` root (PS3.5 B.2): the decimal value of a random (version 4) UUID.
 * At most 2 + 1 + 39 = 42 characters, within the 64-character limit.
 */
export function newUid(randomUUID: () => string = () => crypto.randomUUID()): string {
  const hex = randomUUID().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${hex}`);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** Series and instance UIDs for a new presentation state (a new series every save). */
export function newPresentationUids(randomUUID?: () => string): { seriesInstanceUID: string; sopInstanceUID: string } {
  return { seriesInstanceUID: newUid(randomUUID), sopInstanceUID: newUid(randomUUID) };
}
