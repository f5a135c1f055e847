import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noOpenapiFetch = { name: 'openapi-fetch', message: 'Call the API through src/api.' }
const noVueI18nUseI18n = {
  name: 'vue-i18n',
  importNames: ['useI18n'],
  message: "useI18n from '@/locales' checks the message keys.",
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'src/types/api.d.ts',
      'src/components.d.ts',
      'playwright-report/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/require-default-prop': 'off',
    },
  },
  {
    // One way to talk to the API, the typed client of src/api/http.ts; messages through the
    // useI18n of src/locales, whose t() takes only the keys zh-CN has.
    files: ['src/**/*.{ts,vue}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through src/api.' }],
      'no-restricted-imports': ['error', { paths: [noOpenapiFetch, noVueI18nUseI18n] }],
    },
  },
  {
    files: ['src/locales/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noOpenapiFetch] }] },
  },
  {
    files: ['src/api/http.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-imports': 'off' },
  },
  prettier,
)
