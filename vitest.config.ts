import { defineConfig } from "vitest/config";

/**
 * `npm test` runs every test that needs nothing beside the repository. Tests that read the external
 * benchmarks in ../shared/datasets are named `*.shared.test.ts` and run with `npm run test:benchmarks`
 * (vitest.shared.config.ts), which fails loudly when the data is missing.
 */
export default defineConfig({
  test: {
    include: ["{bin,lib,lambda,training,local,bench}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.shared.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./vitest.tmpdir.ts"],
    // The handler's EMF metrics would print one JSON document per request; tests that check them
    // turn them on themselves (lambda/telemetry.test.ts, lib/bundled-handler.test.ts).
    env: { POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
