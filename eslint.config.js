import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';

/**
 * Layers of src/, top to bottom: a module imports its own folder and layers below it, never above, and a
 * feature never imports another feature (they meet in app/). The shell (app/) hosts the features; the page
 * context (runtime config, data source, session hooks) and shared UI sit below them; the domain is pure.
 */
const LAYERS = {
  app: 3,
  viewer: 2,
  worklist: 2,
  admin: 2,
  'auth-ui': 2,
  qa: 2,
  'page-context': 1,
  ui: 1,
  dicomweb: 0,
  imaging: 0,
  priors: 0,
  gsps: 0,
  drafts: 0,
  session: 0,
  auth: 0,
  shares: 0,
  reports: 0,
  reading: 0,
  'peer-review': 0,
  'hanging-protocols': 0,
  'key-objects': 0,
};
const FEATURES = new Set(['viewer', 'worklist', 'admin', 'auth-ui', 'qa']);
const SRC = path.resolve(import.meta.dirname, 'src');

/** The top-level folder of src/ a path is in, or undefined outside src/ (and for files at its root). */
function folderOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [first, ...rest] = rel.split(path.sep);
  return rest.length > 0 ? first : undefined;
}

const importDirection = {
  meta: { type: 'problem', schema: [], docs: { description: 'app → features → page context / ui → domain; features do not import each other' } },
  create(context) {
    const file = context.filename;
    const from = folderOf(file);
    if (from === undefined) return {};
    const check = (node) => {
      const spec = node.source?.type === 'Literal' ? node.source.value : undefined;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to === undefined || to === from) return;
      if (LAYERS[from] === undefined || LAYERS[to] === undefined) {
        context.report({ node, message: `src/${LAYERS[from] === undefined ? from : to}/ has no layer: add it to LAYERS in eslint.config.js.` });
      } else if (LAYERS[to] > LAYERS[from]) {
        context.report({ node, message: `src/${from}/ must not import src/${to}/ (a higher layer): move what it needs down a layer.` });
      } else if (FEATURES.has(from) && FEATURES.has(to)) {
        context.report({ node, message: `Feature src/${from}/ must not import feature src/${to}/: share through a lower layer or compose in app/.` });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'data/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'workers/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, readroom: { rules: { 'import-direction': importDirection } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'readroom/import-direction': 'error',
      // DICOM strings are untrusted: never inject them as HTML.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render DICOM-derived text as text, never as HTML.' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Render DICOM-derived text as text, never as HTML.' },
      ],
    },
  },
  {
    // Domain modules stay free of React and of Cornerstone (only src/viewer talks to Cornerstone).
    files: Object.keys(LAYERS)
      .filter((name) => LAYERS[name] === 0)
      .map((name) => `src/${name}/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react-router', '@tanstack/*', 'zustand', '@cornerstonejs/*'], message: 'Domain modules are pure TypeScript.' },
          ],
        },
      ],
    },
  },
  {
    files: Object.keys(LAYERS)
      .filter((name) => LAYERS[name] > 0 && name !== 'viewer')
      .map((name) => `src/${name}/**`),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@cornerstonejs/*'], message: 'Only src/viewer talks to Cornerstone.' }] }],
    },
  },
  {
    files: ['server/**', 'scripts/**', 'e2e/**', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
