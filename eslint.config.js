import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.ailog/**', 'bench-results/**', 'processor/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // Plain JavaScript (this file, scripts) is linted without type information.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    // The domain layer imports nothing else of ours; only kafka/ imports kafkajs.
    files: ['processor/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../receivers/*', '../processors/*', '../detectors/*', '../exporters/*', '../kafka/*', '../cli/*', '../pipeline/*'] }],
    },
  },
  {
    files: ['processor/src/**/*.ts', 'api/src/**/*.ts'],
    ignores: ['processor/src/kafka/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['kafkajs'] }] },
  },
  {
    files: ['**/*.test.ts', 'processor/bench/**', 'scripts/**', 'processor/src/cli/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
