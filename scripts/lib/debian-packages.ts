import { execFileSync, spawnSync } from 'node:child_process';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const ORTHANC_PLUGIN_DIR = '/usr/share/orthanc/plugins';
/** The interpreter that sees Debian's python3-pydicom (a pyenv `python3` on PATH does not). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** What one Debian package gives Readroom, and whether `npm start` needs it or only `npm test`. */
export interface DebianNeed {
  package: string;
  scope: 'runtime' | 'test';
  /** Run by the scripts or tests: a name looked up in PATH, or an absolute path. */
  commands?: readonly string[];
  /** Imported by `SYSTEM_PYTHON -c '…'` in the tests. */
  pythonModules?: readonly string[];
  files?: readonly string[];
}

/**
 * Every program, Python module and file from Debian that the scripts, the gateway's tests and the e2e
 * specs use. The packages are installed with --no-install-recommends, so a package that is only
 * recommended by another one must be named here itself.
 */
export const DEBIAN_NEEDS: readonly DebianNeed[] = [
  { package: 'orthanc', scope: 'runtime', commands: [ORTHANC_BINARY] },
  { package: 'orthanc-dicomweb', scope: 'runtime', files: [`${ORTHANC_PLUGIN_DIR}/libOrthancDicomWeb.so`] },
  { package: 'orthanc-gdcm', scope: 'runtime', files: [`${ORTHANC_PLUGIN_DIR}/libOrthancGdcm.so`] },
  // The archive's stack-size shim (scripts/archive/stack-shim.c) is compiled on first start.
  { package: 'gcc', scope: 'runtime', commands: ['cc'] },
  { package: 'libc6-dev', scope: 'runtime', files: ['/usr/include/dlfcn.h', '/usr/include/pthread.h'] },
  // The sample generator: DCMTK and GDCM encoders, and the test files that python3-pydicom ships.
  { package: 'dcmtk', scope: 'runtime', commands: ['dcmodify', 'dcmconv', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle'] },
  { package: 'libgdcm-tools', scope: 'runtime', commands: ['gdcmconv'] },
  { package: 'python3-pydicom', scope: 'runtime', files: ['/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm'] },

  { package: 'python3', scope: 'test', commands: [SYSTEM_PYTHON] },
  { package: 'python3-pydicom', scope: 'test', pythonModules: ['pydicom'] },
  // Only recommended by python3-pydicom, yet its pixel_array needs numpy for every encoding the specs
  // decode with pydicom (native, Big Endian, deflated, RLE). They decode no JPEG, so python3-pil is not needed.
  { package: 'python3-numpy', scope: 'test', pythonModules: ['numpy'] },
  // Decoders that check the sample encoders, GSPS tools and validators, DICOM intake (storescu, echoscu).
  { package: 'dcmtk', scope: 'test', commands: ['dcmdjpeg', 'dcmdjpls', 'dcmdrle', 'dcmpsmk', 'dcmp2pgm', 'dcmpschk', 'dcmdump', 'storescu', 'echoscu'] },
  { package: 'dicom3tools', scope: 'test', commands: ['dciodvfy', 'dcentvfy'] },
  // An HL7 v2 parser independent of Readroom's writer reads the ORU^R01 back (server/delivery tests).
  { package: 'python3-hl7', scope: 'test', pythonModules: ['hl7'] },
  { package: 'chromium', scope: 'test', commands: [process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'] },
  // The audit's syslog test makes a TLS certificate for its collector.
  { package: 'openssl', scope: 'test', commands: ['openssl'] },
  // The gateway's database tests run against a PostgreSQL server too (scripts/testing/postgres-server.ts).
  { package: 'postgresql', scope: 'test', commands: ['/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/postgres'] },
];

function packagesOf(needs: readonly DebianNeed[]): string[] {
  return [...new Set(needs.map((n) => n.package))];
}

/** What `npm start` needs with the embedded archive. */
export const RUNTIME_NEEDS = DEBIAN_NEEDS.filter((n) => n.scope === 'runtime');
/** What `npm test` needs: the runtime, the browser, the validators and pydicom with numpy. */
export const TEST_NEEDS = DEBIAN_NEEDS;
export const RUNTIME_PACKAGES = packagesOf(RUNTIME_NEEDS);
export const TEST_PACKAGES = packagesOf(TEST_NEEDS);

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
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Readroom needs these Debian packages: ${missing.join(', ')}.\nRun as root:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
