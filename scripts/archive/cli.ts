import { startOrthanc, stopFromPidFile, readPid, isAlive } from './orthanc.ts';
import { credentialsFile } from './credentials.ts';
import { ensureDebianPackages, RUNTIME_PACKAGES } from '../lib/debian-packages.ts';
import { startEnvironment } from '../lib/env-config.ts';

const env = startEnvironment();
const command = process.argv[2];

if (command === 'start') {
  ensureDebianPackages(RUNTIME_PACKAGES);
  const archive = await startOrthanc({
    dataDir: env.dataDir,
    httpPort: env.orthancHttpPort,
    dicomPort: env.orthancDicomPort,
    dicomIntake: env.dicomIntake,
    logMaxBytes: env.archiveLogMaxBytes,
  });
  console.log(
    `Archive up: ${archive.dicomWebRoot} (pid ${archive.pid}); its users' passwords are in ${credentialsFile(env.dataDir)}. Stop with: npm run archive -- stop`,
  );
  // Leave Orthanc running on its own after this CLI exits.
  process.exit(0);
} else if (command === 'stop') {
  console.log((await stopFromPidFile(env.dataDir)) ? 'Archive stopped.' : 'No archive pid file found.');
} else if (command === 'status') {
  const pid = readPid(env.dataDir);
  console.log(pid !== undefined && isAlive(pid) ? `Running (pid ${pid})` : 'Not running');
} else {
  console.error('usage: npm run archive -- start|stop|status');
  process.exit(2);
}
