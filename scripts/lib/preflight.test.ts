import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBIAN_NEEDS, RUNTIME_PACKAGES, TEST_PACKAGES, type DebianNeed } from './debian-packages.ts';
import { REPO_ROOT } from './paths.ts';
import { findMissing, missingLine, systemProbe, type Probe } from './preflight.ts';

const NEEDS: DebianNeed[] = [
  { package: 'python3-numpy', scope: 'test', pythonModules: ['numpy'] },
  { package: 'python3-pydicom', scope: 'test', pythonModules: ['pydicom'] },
  { package: 'dicom3tools', scope: 'test', commands: ['dciodvfy'] },
  { package: 'orthanc-dicomweb', scope: 'runtime', files: ['/plugins/libOrthancDicomWeb.so'] },
];

function probe(absent: string[]): Probe & { pythonCalls: string[][] } {
  const pythonCalls: string[][] = [];
  return {
    pythonCalls,
    isExecutable: (command) => !absent.includes(command),
    unimportablePythonModules: (modules) => {
      pythonCalls.push([...modules]);
      return modules.filter((m) => absent.includes(m));
    },
    isFile: (file) => !absent.includes(file),
  };
}

describe('findMissing', () => {
  it('names each missing command, module and file with its package', () => {
    expect(findMissing(NEEDS, probe(['numpy', 'dciodvfy', '/plugins/libOrthancDicomWeb.so']))).toEqual([
      { kind: 'python module', name: 'numpy', package: 'python3-numpy' },
      { kind: 'command', name: 'dciodvfy', package: 'dicom3tools' },
      { kind: 'file', name: '/plugins/libOrthancDicomWeb.so', package: 'orthanc-dicomweb' },
    ]);
  });

  it('finds nothing missing when everything is there, and asks Python once for all modules', () => {
    const p = probe([]);
    expect(findMissing(NEEDS, p)).toEqual([]);
    expect(p.pythonCalls).toEqual([['numpy', 'pydicom']]);
  });
});

describe('missingLine', () => {
  it('is one line naming what is missing, its package and the install command', () => {
    const line = missingLine('npm test', [
      { kind: 'python module', name: 'numpy', package: 'python3-numpy' },
      { kind: 'command', name: 'dciodvfy', package: 'dicom3tools' },
      { kind: 'command', name: 'dcentvfy', package: 'dicom3tools' },
    ]);
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'npm test cannot run: missing python module numpy (Debian package python3-numpy), command dciodvfy (Debian package dicom3tools), ' +
        'command dcentvfy (Debian package dicom3tools); install with: apt-get install -y --no-install-recommends python3-numpy dicom3tools',
    );
  });
});

describe('systemProbe', () => {
  it('finds commands in PATH and by absolute path, and not ones that do not exist', () => {
    expect(systemProbe.isExecutable('sh')).toBe(true);
    expect(systemProbe.isExecutable('/bin/sh')).toBe(true);
    expect(systemProbe.isExecutable('readroom-no-such-tool')).toBe(false);
    // A file that is not executable is not a command, even for root.
    const dir = mkdtempSync(path.join(tmpdir(), 'readroom-preflight-'));
    try {
      writeFileSync(path.join(dir, 'plain'), '#!/bin/sh\n', { mode: 0o644 });
      expect(systemProbe.isExecutable(path.join(dir, 'plain'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports Python modules with the system interpreter and reports the ones that fail', () => {
    expect(systemProbe.unimportablePythonModules(['json', 'readroom_no_such_module', 'zlib'])).toEqual(['readroom_no_such_module']);
  });
});

/** The source files that run tools or Python (tests included). */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Node's own, or from Debian's essential packages (always installed). */
const NOT_DEBIAN_NEEDS = new Set(['npm', 'sh', 'tar', 'dpkg', 'dpkg-query', 'apt-get', 'id', 'runuser']);
const PYTHON_STDLIB = new Set(['json', 'sys', 'importlib', 'os', 'struct', 'zlib', 'xml', 'datetime', 'math']);

describe('DEBIAN_NEEDS', () => {
  const text = ['scripts', 'e2e', 'server']
    .flatMap(sourceFiles)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const commands = new Set(DEBIAN_NEEDS.flatMap((n) => n.commands ?? []).map((c) => path.basename(c)));
  const modules = new Set(DEBIAN_NEEDS.flatMap((n) => n.pythonModules ?? []));

  it('names every tool the scripts and tests run', () => {
    const called = new Set<string>();
    for (const m of text.matchAll(/\b(?:execFileSync|execFileAsync|execFile|spawnSync|spawn|runTool|runValidator)\(\s*'([^']+)'/g))
      called.add(path.basename(m[1]!));
    // Tables of [tool, args] (scripts/samples/compress.ts).
    for (const m of text.matchAll(/\[\s*'((?:dcm|gdcm)[a-z0-9]+)',\s*\[/g)) called.add(m[1]!);
    expect(called.size).toBeGreaterThan(10);
    expect([...called].filter((c) => !NOT_DEBIAN_NEEDS.has(c) && !commands.has(c)).sort()).toEqual([]);
  });

  it('names every Python module the tests import', () => {
    const imported = new Set<string>();
    for (const m of text.matchAll(/(?<!\bfrom [\w.]+ )\bimport ((?:[a-z_][\w.]*)(?:, *[a-z_][\w.]*)*)\s*(?=$|;|'|\\n)/gm))
      for (const name of m[1]!.split(/, */)) imported.add(name.split('.')[0]!);
    for (const m of text.matchAll(/\bfrom ([a-z_][\w.]*) import\b/g)) imported.add(m[1]!.split('.')[0]!);
    expect(imported).toContain('numpy');
    expect([...imported].filter((m) => !PYTHON_STDLIB.has(m) && !modules.has(m)).sort()).toEqual([]);
  });

  it('installs everything it names: runtime packages are part of the test packages', () => {
    expect(TEST_PACKAGES).toEqual(expect.arrayContaining([...RUNTIME_PACKAGES, 'python3-numpy', 'dicom3tools', 'chromium']));
    expect(RUNTIME_PACKAGES).not.toContain('python3-numpy');
  });
});
