// Shared vitest settings: every package's vitest.config.ts is this file.
import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test file checks that it closed every socket it opened.
    setupFiles: [fileURLToPath(new URL('./test-support/fd-leak-check.ts', import.meta.url))],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
})
