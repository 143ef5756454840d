/**
 * `npm run users -- <command>`: manage accounts in the database the gateway uses (same configuration:
 * READROOM_CONFIG or environment variables). The commands are server/auth/users-cli.ts; this file opens
 * the database and reads passwords (hidden, twice, on a terminal; one line of stdin otherwise).
 */
import { CliError, runUsersCommand, USAGE, wantsHelp } from '../server/auth/users-cli.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { DataDirInUseError } from '../server/db/data-dir-lock.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';

async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new CliError('Cancelled.'));
          return;
        }
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    process.stdout.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPassword({ fromStdin }: { fromStdin: boolean }): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdinLine();
  const first = await askHidden('New password: ');
  const second = await askHidden('Repeat it: ');
  if (first !== second) throw new CliError('The two passwords differ; nothing was changed.');
  return first;
}

const args = process.argv.slice(2);
if (wantsHelp(args)) {
  console.log(USAGE);
  process.exit(0);
}

let exitCode = 0;
try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    await runUsersCommand(args, { db, session: config.session, sourceIds: config.sources.map((s) => s.id), out: (line) => console.log(line), readPassword });
  } finally {
    await db.close();
  }
} catch (error) {
  if (!(error instanceof CliError || error instanceof ConfigError || error instanceof DataDirInUseError)) throw error;
  console.error(`users: ${error.message}`);
  exitCode = 1;
}
process.exit(exitCode);
