import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
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
    files: ['src/dicomweb/**', 'src/imaging/**', 'src/priors/**', 'src/gsps/**', 'src/drafts/**', 'src/session/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', 'react-router', '@tanstack/*', 'zustand', '@cornerstonejs/*'], message: 'Domain modules are pure TypeScript.' }] }],
    },
  },
  {
    files: ['src/app/**', 'src/worklist/**', 'src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@cornerstonejs/*'], message: 'Only src/viewer talks to Cornerstone.' }] }],
    },
  },
  {
    files: ['server/**', 'scripts/**', 'e2e/**', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
