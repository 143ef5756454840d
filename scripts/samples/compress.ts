import { readImageHeader } from './read-header.ts';
import { runTool } from './run-tool.ts';
import { TransferSyntax, transferSyntaxName } from './transfer-syntaxes.ts';

type Command = (input: string, output: string) => [string, string[]];

/**
 * DCMTK and GDCM command lines that re-encode an Explicit VR Little Endian file. `+un`
 * keeps the SOP Instance UID (dcmcjpeg would mint a random one for lossy output).
 */
const ENCODERS: Readonly<Record<string, Command>> = {
  [TransferSyntax.jpegLsLossless]: (i, o) => ['dcmcjpls', ['+el', i, o]],
  [TransferSyntax.jpegLossless]: (i, o) => ['dcmcjpeg', ['+e1', '+un', i, o]],
  [TransferSyntax.jpegBaseline]: (i, o) => ['dcmcjpeg', ['+eb', '+un', i, o]],
  [TransferSyntax.rleLossless]: (i, o) => ['dcmcrle', ['+un', i, o]],
  // gdcmconv --j2k is reversible (lossless) unless --irreversible is given.
  [TransferSyntax.jpeg2000Lossless]: (i, o) => ['gdcmconv', ['--j2k', i, o]],
};

export function canEncode(transferSyntaxUID: string): boolean {
  return transferSyntaxUID in ENCODERS;
}

/** Re-encodes a Part 10 file into `transferSyntaxUID` and checks the result's syntax. */
export async function encodePart10(input: string, output: string, transferSyntaxUID: string): Promise<void> {
  const command = ENCODERS[transferSyntaxUID];
  if (!command) throw new Error(`No encoder for ${transferSyntaxName(transferSyntaxUID)}`);
  const [tool, args] = command(input, output);
  await runTool(tool, args);
  const written = readImageHeader(output).transferSyntaxUID;
  if (written !== transferSyntaxUID) {
    throw new Error(`${tool} wrote ${transferSyntaxName(written)} instead of ${transferSyntaxName(transferSyntaxUID)} (${output})`);
  }
}

/** Version lines of the encoders, part of the generator version (output bytes depend on them). */
export async function encoderVersions(): Promise<string> {
  const versions = await Promise.all([
    runTool('dcmcjpls', ['--version']).then((out) => out.split('\n')[0] ?? ''),
    runTool('gdcmconv', ['--version']).then((out) => out.trim()),
  ]);
  return versions.join('\n');
}
