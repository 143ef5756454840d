/**
 * `npm start`: installs what the archive needs (as root), starts Orthanc, seeds the
 * sample studies once, builds the SPA and serves it through the gateway. Ctrl-C or
 * SIGTERM stops everything this script started.
 */
import { startOrthanc, type OrthancHandle } from './archive/orthanc.ts';
import { buildApp } from './lib/build-app.ts';
import { ensureDebianPackages, RUNTIME_PACKAGES } from './lib/debian-packages.ts';
import { startEnvironment } from './lib/env-config.ts';
import { startGatewayProcess, type GatewayProcess } from './lib/gateway-process.ts';
import { seedArchive } from './samples/seed.ts';

const env = startEnvironment();
let archive: OrthancHandle | undefined;
let gateway: GatewayProcess | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping Readroom…');
    await gateway?.stop();
    await archive?.stop();
    console.log('Stopped.');
  }
  process.exit(code);
}

/** How to get in: every page needs a signed-in user, and without READROOM_DEMO_PASSWORD no demo account exists. */
function signInHint(): string {
  if (process.env['READROOM_DEMO_PASSWORD']) {
    return 'Sign in as radiologist, radiologist2, qa or admin with the password in READROOM_DEMO_PASSWORD.';
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

// Pointing the gateway at another archive (README, "Configuration") skips the embedded one.
const externalArchive = Boolean(process.env['READROOM_CONFIG'] || process.env['DICOMWEB_UPSTREAM']);

try {
  if (!externalArchive) {
    ensureDebianPackages(RUNTIME_PACKAGES);
    console.log(`Starting the archive (Orthanc) on 127.0.0.1:${env.orthancHttpPort}, data in ${env.dataDir}`);
    archive = await startOrthanc({ dataDir: env.dataDir, httpPort: env.orthancHttpPort, dicomPort: env.orthancDicomPort });
    console.log('Loading the sample studies (first start only)…');
    const seeded = await seedArchive({ dicomWebRoot: archive.dicomWebRoot });
    console.log(`Sample studies ready (${seeded.stored} instances stored now).`);
  }
  console.log('Building the app…');
  await buildApp();
  gateway = await startGatewayProcess({ port: env.gatewayPort, ...(archive ? { upstreamRoot: archive.dicomWebRoot } : {}) });
  void gateway.exited.then((code) => {
    if (stopping) return;
    console.error(`The gateway stopped unexpectedly (exit code ${code}).`);
    void stopAll(1);
  });
  console.log(`\nReadroom is running: http://127.0.0.1:${env.gatewayPort}/\n${signInHint()}\nPress Ctrl-C to stop.`);
} catch (err) {
  console.error(`\nReadroom could not start: ${(err as Error).message}`);
  await stopAll(1);
}
