import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, launch } from "puppeteer-core";

/** Where a Chromium is looked for; CHROMIUM_PATH first. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** How to get a browser, said whenever none is found. */
export const INSTALL_ADVICE =
  "no Chromium found for the browser tests: on Debian/Ubuntu `apt-get install -y chromium`, " +
  "on macOS install Google Chrome, or set CHROMIUM_PATH to a Chrome/Chromium executable";

/** The Chromium executable to drive; throws with INSTALL_ADVICE when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const paths = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CANDIDATES;
  const found = paths.find((path) => existsSync(path));
  if (!found) throw new Error(`${INSTALL_ADVICE} (looked at ${paths.join(", ")})`);
  return found;
}

/** Launches headless Chromium with a fresh profile and no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${mkdtempSync(join(tmpdir(), "sr-match-chromium-"))}`,
    ],
  });
}
