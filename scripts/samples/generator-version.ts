import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encoderVersions } from './compress.ts';
import { pydicomTestFilesDir } from './pydicom-files.ts';

const SAMPLES_DIR = path.dirname(fileURLToPath(import.meta.url));

function generatorSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      // The opt-in scale set (scale/) and long series (long-series/) have their own cache keys; they do not change the default samples.
      if (entry.isDirectory()) return entry.name === 'scale' || entry.name === 'long-series' ? [] : generatorSources(full);
      // Python too: the palette samples are written by a pydicom script (palette/build-palette.py).
      return (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) || entry.name.endsWith('.py') ? [full] : [];
    })
    .sort();
}

/**
 * Identifies the output: the generator's sources, dcmjs, the DCMTK/GDCM encoders and the
 * pydicom files. Any change gives a new cache folder.
 */
export async function generatorVersion(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of generatorSources(SAMPLES_DIR)) {
    hash.update(path.relative(SAMPLES_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  // dcmjs does not export its package.json; its main file is in build/.
  const dcmjsPackage = path.resolve(path.dirname(createRequire(import.meta.url).resolve('dcmjs')), '..', 'package.json');
  hash.update((JSON.parse(readFileSync(dcmjsPackage, 'utf8')) as { version: string }).version);
  hash.update(await encoderVersions());
  // pydicom writes the palette samples (its RLE encoder included).
  hash.update(execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'python3-pydicom'], { encoding: 'utf8' }));
  const pydicomDir = pydicomTestFilesDir();
  for (const name of readdirSync(pydicomDir).sort()) hash.update(`${name}:${statSync(path.join(pydicomDir, name)).size}`);
  return hash.digest('hex').slice(0, 16);
}
