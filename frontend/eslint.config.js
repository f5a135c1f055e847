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

const noEcharts = {
  regex: '^(echarts|zrender)(/|$)',
  message: 'Use src/charts/echarts.ts: it registers only the charts in use.',
}
const noChartsInShell = {
  regex: '^@/charts/',
  message: 'Charts load with the report pages, not with the entry or the shell.',
}
/**
 * restrict is the no-restricted-imports setting for these paths and patterns.
 * @param {object[]} paths
 * @param {object[]} patterns
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrict = (paths, patterns) => ['error', { paths, patterns }]

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
    // useI18n of src/locales, whose t() takes only the keys zh-CN has; ECharts through
    // src/charts/echarts.ts, which registers only the charts in use.
    files: ['src/**/*.{ts,vue}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through src/api.' }],
      'no-restricted-imports': restrict([noOpenapiFetch, noVueI18nUseI18n], [noEcharts]),
    },
  },
  {
    files: ['src/locales/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noOpenapiFetch], [noEcharts]) },
  },
  {
    files: ['src/charts/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noOpenapiFetch, noVueI18nUseI18n], []) },
  },
  {
    // The entry and the shell load on every page: charts wait for the report pages.
    files: ['src/main.ts', 'src/App.vue', 'src/components/**', 'src/router/**', 'src/stores/**'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([noOpenapiFetch, noVueI18nUseI18n], [noEcharts, noChartsInShell]),
    },
  },
  {
    files: ['src/api/http.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-imports': 'off' },
  },
  prettier,
)
