// The project's lint rules: typescript-eslint's recommended set, less `any` (which template JSON and the jsii
// assembly need), with named empty structs allowed (jsii gives each provider its own options type), and lines of at
// most 150 characters. Tests and scripts may keep long strings (exact messages); CommonJS scripts may `require`.
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const maxLen = (ignoreStrings) => [
  'error',
  { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings, ignoreTemplateLiterals: ignoreStrings },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-jsii/**', 'assets/**', 'cdk.out/**', 'test/consumers/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@stylistic/max-len': maxLen(false),
    },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: { '@stylistic/max-len': maxLen(true) },
  },
  {
    // CommonJS files, and tests that load a module afresh or on purpose at run time.
    files: ['**/*.cjs', '**/*.js', 'test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
