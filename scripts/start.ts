/**
 * `npm start`: installs what the archive needs (as root), starts Orthanc under supervision (restarted
 * when it dies), seeds the sample studies once, builds the SPA into the data folder and serves it through
 * the gateway. One `npm start` per data folder (a lock file). Ctrl-C or SIGTERM stops everything this
 * script started, restarts included.
 */
import path from 'node:path';
import { startOrthanc } from './archive/orthanc.ts';
import { superviseArchive, type ArchiveSupervisor } from './archive/supervisor.ts';
import { buildApp } from './lib/build-app.ts';
import { ensureDebianPackages, RUNTIME_NEEDS, RUNTIME_PACKAGES } from './lib/debian-packages.ts';
import { startEnvironment } from './lib/env-config.ts';
import { startGatewayProcess, type GatewayProcess } from './lib/gateway-process.ts';
import { preflight } from './lib/preflight.ts';
import { acquireStartLock, StartLockError, type StartLock } from './lib/start-lock.ts';
import { seedArchive } from './samples/seed.ts';

let lock: StartLock | undefined;
let archive: ArchiveSupervisor | undefined;
let gateway: GatewayProcess | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping Readroom…');
    // Together: the supervisor must know at once that the archive's exit (Ctrl-C reaches it too) is wanted.
    await Promise.all([gateway?.stop(), archive?.stop()]);
    lock?.release();
    console.log('Stopped.');
  }
  process.exit(code);
}

/** How to get in: every page needs a signed-in user, and without READROOM_DEMO_PASSWORD no demo account exists. */
function signInHint(): string {
  if (process.env['READROOM_DEMO_PASSWORD']) {
    return 'Sign in as radiologist, radiologist2, qa, arbiter or admin with the password in READROOM_DEMO_PASSWORD.';
  }
  return [
    'Sign in with an account of this gateway. To try Readroom with demo accounts, start it with a password of your choice:',
    "  READROOM_DEMO_PASSWORD='choose-a-password' npm start",
    'and sign in as radiologist (or qa, admin). To create accounts instead:',
    '  npm run users -- add <username> --role radiologist --name "<Your Name>"',
  ].join('\n');
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));

// Pointing the gateway at another archive (docs/configuration.md) skips the embedded one.
const externalArchive = Boolean(process.env['READROOM_CONFIG'] || process.env['DICOMWEB_UPSTREAM']);

try {
  const env = startEnvironment();
  // Before anything else: a second start on the same data folder would empty the app folder under the first.
  lock = acquireStartLock(env.dataDir);
  if (!externalArchive) {
    ensureDebianPackages(RUNTIME_PACKAGES);
    preflight('npm start', RUNTIME_NEEDS);
    console.log(`Starting the archive (Orthanc) on 127.0.0.1:${env.orthancHttpPort}, data in ${env.dataDir}`);
    if (env.dicomIntake) console.log(`DICOM intake on port ${env.orthancDicomPort} for AE titles ${env.dicomIntake.aets.join(', ')} (from 127.0.0.1 only)`);
    archive = await superviseArchive(
      () =>
        startOrthanc({
          dataDir: env.dataDir,
          httpPort: env.orthancHttpPort,
          dicomPort: env.orthancDicomPort,
          dicomIntake: env.dicomIntake,
          logMaxBytes: env.archiveLogMaxBytes,
        }),
      { log: (message) => console.error(message) },
    );
    console.log('Loading the sample studies (first start only)…');
    const seeded = await seedArchive({ archive: archive.current() });
    console.log(`Sample studies ready (${seeded.stored} instances stored now).`);
  }
  console.log('Building the app…');
  // Each data folder has its own build: another checkout's or instance's build never replaces this one.
  const appDir = path.join(env.dataDir, 'app');
  await buildApp(appDir);
  gateway = await startGatewayProcess({ port: env.gatewayPort, staticDir: appDir, dataDir: env.dataDir, ...(archive ? { archive: archive.current() } : {}) });
  void gateway.exited.then((code) => {
    if (stopping) return;
    console.error(`The gateway stopped unexpectedly (exit code ${code}).`);
    void stopAll(1);
  });
  console.log(`\nReadroom is running: http://127.0.0.1:${env.gatewayPort}/\n${signInHint()}\nPress Ctrl-C to stop.`);
} catch (err) {
  if (err instanceof StartLockError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(`\nReadroom could not start: ${(err as Error).message}`);
  await stopAll(1);
}
