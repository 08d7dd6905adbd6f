import { defineConfig } from "vitest/config";

/** The tests that read ../shared/datasets (iTunes-Amazon, MusicBrainz 20K): `npm run test:benchmarks`. */
export default defineConfig({
  test: {
    include: ["{bin,lib,lambda,training,local,bench}/**/*.shared.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    globalSetup: ["./vitest.tmpdir.ts"],
  },
});
