import { execFileSync, spawnSync } from 'node:child_process';

/**
 * What `npm start` needs: the archive and its plugins, a C compiler for the stack-size shim
 * (scripts/archive/stack-shim.c), and the sample generator's encoders and pydicom's real test files.
 */
export const RUNTIME_PACKAGES = ['orthanc', 'orthanc-dicomweb', 'orthanc-gdcm', 'gcc', 'libc6-dev', 'dcmtk', 'libgdcm-tools', 'python3-pydicom'];
/** `npm test` adds the browser and the DICOM validators. */
export const TEST_PACKAGES = [...RUNTIME_PACKAGES, 'dicom3tools', 'chromium', 'postgresql'];

function isInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function missingPackages(pkgs: readonly string[]): string[] {
  return pkgs.filter((p) => !isInstalled(p));
}

/**
 * Installs missing Debian packages when running as root; otherwise prints the
 * one apt command to run and exits non-zero.
 */
export function ensureDebianPackages(pkgs: readonly string[]): void {
  const missing = missingPackages(pkgs);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Readroom needs these Debian packages: ${missing.join(', ')}.\nRun as root:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
