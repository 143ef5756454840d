/**
 * `npm test`: typecheck, lint, format check, unit tests, integration tests against a real Orthanc,
 * then Playwright e2e in Debian's chromium (its global setup makes the production build). Installs missing Debian packages first
 * (as root), checks that every tool and Python module the tests use works, and prints one summary line of test counts at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages, TEST_NEEDS, TEST_PACKAGES } from './lib/debian-packages.ts';
import { REPO_ROOT } from './lib/paths.ts';
import { preflight } from './lib/preflight.ts';

const RESULTS = path.join(REPO_ROOT, 'test-results');
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules/.bin', name);

interface Step {
  name: string;
  command: string;
  args: string[];
  report?: string;
  env?: Record<string, string>;
}

const steps: Step[] = [
  { name: 'typecheck (app)', command: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'typecheck (server, scripts, e2e)', command: bin('tsc'), args: ['-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  { name: 'format', command: bin('prettier'), args: ['--check', '.'] },
  ...(['unit', 'integration'] as const).map((project) => ({
    name: `${project} tests`,
    command: bin('vitest'),
    args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(RESULTS, `${project}-report.json`)}`],
    report: path.join(RESULTS, `${project}-report.json`),
  })),
  { name: 'e2e tests', command: bin('playwright'), args: ['test'], report: path.join(RESULTS, 'e2e-report.json') },
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function countVitest(report: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }): Counts {
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function countPlaywright(report: { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }): Counts {
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

function readCounts(file: string): Counts | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return 'stats' in json ? countPlaywright(json as never) : countVitest(json as never);
  } catch {
    return undefined;
  }
}

ensureDebianPackages(TEST_PACKAGES);
// Installed is not the same as usable (a package only recommended by another, a broken Python path).
preflight('npm test', TEST_NEEDS);
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let failedStep: string | undefined;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = spawnSync(step.command, step.args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const counts = step.report ? readCounts(step.report) : undefined;
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  console.log(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) {
    failedStep = step.name;
    if (!counts || counts.failed === 0) total.failed += 1;
    break;
  }
}

console.log(failedStep ? `\nnpm test failed at: ${failedStep}` : '\nnpm test: every step passed');
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
