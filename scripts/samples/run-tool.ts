import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a command-line tool; on failure the error names the command and carries its stderr. */
export async function runTool(tool: string, args: readonly string[]): Promise<string> {
  try {
    return (await execFileAsync(tool, args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = [stderr, stdout].filter(Boolean).join('\n').trim();
    throw new Error(`${tool} ${args.join(' ')} failed: ${output || String(error)}`, { cause: error });
  }
}
