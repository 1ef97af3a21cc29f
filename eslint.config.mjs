// ESLint 10 flat config. The non-type-checked typescript-eslint preset needs no
// parserOptions.project, so specs outside tsconfig.json lint the same way.
import js from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '**/node_modules',
      'lib',
      'jupyter_modelarts/labextension',
      'ui-tests',
      '.venv',
      '**/*.js',
      '**/*.d.ts'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser }
    }
  },
  // Build scripts (scripts/*.mjs, e.g. the contract generator) run in Node.
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: { ...globals.node }
    }
  },
  // Last but one: prettier owns formatting and turns off the stylistic core rules.
  prettierRecommended,
  // Our rules come after prettier's config, which would otherwise switch `curly` off.
  {
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'prefer-arrow-callback': 'error'
    }
  },
  // A build script reports on the console.
  {
    files: ['scripts/**/*.mjs'],
    rules: { 'no-console': 'off' }
  }
);
