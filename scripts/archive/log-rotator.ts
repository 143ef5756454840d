import { RotatingLog } from './log-rotation.ts';

/**
 * `node --import tsx log-rotator.ts <file> <maxBytes>`: copies its standard input (Orthanc's output) into a
 * RotatingLog. A process of its own so that the log keeps flowing when the process that started Orthanc
 * exits (`npm run archive -- start`, a Playwright worker). It ends when Orthanc closes its output.
 */
const [file, maxBytes] = process.argv.slice(2);
if (!file || !maxBytes) {
  console.error('usage: log-rotator.ts <file> <maxBytes>');
  process.exit(2);
}
const log = new RotatingLog(file, Number(maxBytes));
// Ctrl-C reaches the whole process group: stay to write Orthanc's last lines while it shuts down.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
let failed = false;
process.stdin.on('data', (chunk: Buffer) => {
  try {
    log.write(chunk);
  } catch (error) {
    // Keep reading (a full disk must not stop Orthanc on a broken pipe); say it once.
    if (!failed) console.error(`Cannot write the archive log ${file}: ${(error as Error).message}`);
    failed = true;
  }
});
process.stdin.on('end', () => log.close());
