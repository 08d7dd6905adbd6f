import type * as NodeCrypto from "node:crypto";

// The Lambda bundle's stand-in for `node:crypto` (lib/bundling.ts aliases it): the Powertools Logger
// imports randomInt at load time only to sample debug logs, and sql.js takes randomFillSync when SQLite
// asks for randomness; loading node:crypto itself costs 10-40 ms of every cold start, so it is loaded
// on the first call instead. Only what the bundled code uses is here; the bundled-handler test runs it.
let crypto: typeof NodeCrypto | undefined;
const load = (): typeof NodeCrypto => {
  // biome-ignore lint/style/useNodejsImportProtocol: "node:crypto" is the name aliased to this file.
  crypto ??= require("crypto") as typeof NodeCrypto;
  return crypto;
};

export const randomInt = ((...args: Parameters<typeof NodeCrypto.randomInt>) =>
  load().randomInt(...args)) as typeof NodeCrypto.randomInt;

export const randomFillSync = ((...args: Parameters<typeof NodeCrypto.randomFillSync>) =>
  load().randomFillSync(...args)) as typeof NodeCrypto.randomFillSync;
