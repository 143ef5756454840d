/** A passcode to read out over the phone: 8 characters without look-alikes (no I/1, O/0), from the CSPRNG. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePasscode(length = 8, randomBytes: (count: number) => Uint8Array = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  // 32 symbols divide 256 evenly: every byte maps without bias.
  return Array.from(randomBytes(length), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}
