// Lint: ESLint's recommended rules and typescript-eslint's, on the sources, tests and scripts.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // src/gate/thresholds-validator.ts is generated (__tests__/generated.test.ts)
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'coverage/**', 'model-gate-report/**', 'src/gate/thresholds-validator.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', performance: 'readonly', setTimeout: 'readonly', URL: 'readonly', TextDecoder: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
    rules: {
      // tests read JSON documents whose shape they check themselves
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  }
)
