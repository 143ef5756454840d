import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { SYSTEM_PYTHON, type DebianNeed } from './debian-packages.ts';

/** One thing that is not usable, and the Debian package that provides it. */
export interface Missing {
  kind: 'command' | 'python module' | 'file';
  name: string;
  package: string;
}

/** How the preflight looks at the machine (replaced in unit tests). */
export interface Probe {
  isExecutable(command: string): boolean;
  /** The modules of the list that `import` refuses. */
  unimportablePythonModules(modules: readonly string[]): string[];
  isFile(file: string): boolean;
}

export function findMissing(needs: readonly DebianNeed[], probe: Probe): Missing[] {
  const missing: Missing[] = [];
  const modules = needs.flatMap((n) => (n.pythonModules ?? []).map((name) => ({ name, package: n.package })));
  const unimportable = new Set(modules.length > 0 ? probe.unimportablePythonModules(modules.map((m) => m.name)) : []);
  for (const need of needs) {
    for (const name of need.commands ?? []) if (!probe.isExecutable(name)) missing.push({ kind: 'command', name, package: need.package });
    for (const name of need.pythonModules ?? []) if (unimportable.has(name)) missing.push({ kind: 'python module', name, package: need.package });
    for (const name of need.files ?? []) if (!probe.isFile(name)) missing.push({ kind: 'file', name, package: need.package });
  }
  return missing;
}

/** One line: what is missing, from which package, and the command that installs them. */
export function missingLine(what: string, missing: readonly Missing[]): string {
  const items = missing.map((m) => `${m.kind} ${m.name} (Debian package ${m.package})`).join(', ');
  const packages = [...new Set(missing.map((m) => m.package))].join(' ');
  return `${what} cannot run: missing ${items}; install with: apt-get install -y --no-install-recommends ${packages}`;
}

function executableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    const stat = statSync(file);
    // access() grants root X_OK on any file with one execute bit; no bit at all is not a command.
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

const PYTHON_IMPORT_CHECK = `
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        print(name)
`;

export const systemProbe: Probe = {
  isExecutable(command) {
    if (command.includes('/')) return executableFile(command);
    return (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => dir !== '' && executableFile(path.join(dir, command)));
  },
  unimportablePythonModules(modules) {
    const result = spawnSync(SYSTEM_PYTHON, ['-c', PYTHON_IMPORT_CHECK, ...modules], { encoding: 'utf8' });
    if (result.status !== 0) return [...modules];
    return result.stdout.split('\n').filter((line) => line !== '');
  },
  isFile(file) {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** Exits with one clear line when something the run needs is not there (after the packages were installed). */
export function preflight(what: string, needs: readonly DebianNeed[], probe: Probe = systemProbe): void {
  const missing = findMissing(needs, probe);
  if (missing.length === 0) return;
  console.error(missingLine(what, missing));
  process.exit(1);
}
