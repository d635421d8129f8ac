import { defineConfig } from "vitest/config";

// End-to-end: Debian's Chromium, driven by playwright-core, against the real backend in embedded
// mode serving the built app (see tests/e2e/backend.ts).
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/backend.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ["default"],
  },
});
