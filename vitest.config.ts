import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{bin,lib,lambda,training,local,bench}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
