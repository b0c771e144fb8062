// ESLint for the TypeScript sources: typescript-eslint's recommended rules,
// plus the type-aware rules that catch a promise nobody awaits or handles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'reports/', 'fuzz-out/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `_`-prefixed names are deliberately unused (destructuring a field away).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // The command table loads each command's module only when it runs (see the file).
    files: ['src/cli/commands.ts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./\\w+Command$'] }] },
  },
  {
    files: ['bin/**/*.js', 'test/support/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    // A plain CommonJS script: require is how it loads anything.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
