/// <reference lib="dom" />
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser.ts";
import { writeReviewFixture, XSS_TITLE } from "./review-fixture.ts";
import { ReviewStore } from "./review-store.ts";
import { createReviewServer } from "./server.ts";
import { loadReviewSession } from "./session.ts";

let browser: Browser;
let page: Page;
let base: string;
let files: Awaited<ReturnType<typeof writeReviewFixture>>;
let close: () => Promise<void>;
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  files = await writeReviewFixture();
  const session = await loadReviewSession(files);
  const store = new ReviewStore(files.reviews);
  const server = createReviewServer({ ...session, store, reviewer: "tester" });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Fails here, with how to install one, when no Chromium is found.
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  close = async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    store.close();
  };
});

afterAll(async () => {
  await close?.();
});

const progress = () => page.$eval("#progress", (el) => el.textContent ?? "");
const shownPair = () =>
  page.$eval("#item", (el) => `${(el as HTMLElement).dataset.q}-${(el as HTMLElement).dataset.m}`);

async function press(key: "y" | "n" | "u" | "z", expected: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForFunction(
    (text) => document.querySelector("#progress")?.textContent?.startsWith(text),
    { timeout: 10_000 },
    expected,
  );
}

describe("the review page in headless Chromium", () => {
  it("labels three pairs by keyboard, undoes one, and after a reload the queue has advanced", async () => {
    await page.goto(`${base}/`);
    expect(await progress()).toMatch(/^0 of 5 answered · item 1 of 5 pending/);
    const shown: string[] = [];
    for (const [key, after] of [
      ["y", "1 of 5"],
      ["n", "2 of 5"],
      ["u", "3 of 5"],
    ] as const) {
      shown.push(await shownPair());
      await press(key, after);
    }
    expect(new Set(shown).size).toBe(3);
    await press("z", "2 of 5");
    // The undone pair is pending again and shown.
    expect(await shownPair()).toBe(shown[2]);

    await page.reload();
    expect(await progress()).toMatch(/^2 of 5 answered · item 1 of 3 pending/);
    expect(await shownPair()).toBe(shown[2]);

    const db = new Database(files.reviews, { readonly: true });
    const rows = db
      .prepare(
        "SELECT q_sr_id || '-' || m_sr_id AS pair, label, reviewer, undoes, model_version, probability FROM review ORDER BY id",
      )
      .all() as {
      pair: string;
      label: string;
      reviewer: string;
      undoes: number | null;
      model_version: string;
      probability: number | null;
    }[];
    db.close();
    expect(rows.map((r) => [r.pair, r.label, r.undoes])).toEqual([
      [shown[0], "valid", null],
      [shown[1], "invalid", null],
      [shown[2], "unsure", null],
      [shown[2], "undo", 3],
    ]);
    expect(rows.every((r) => r.reviewer === "tester" && /^[0-9a-f]{12}$/.test(r.model_version))).toBe(true);
    expect(rows[0]?.probability).toBeGreaterThan(0);
  });

  it("moves with the arrow keys without answering", async () => {
    await page.goto(`${base}/?at=0`);
    const first = await shownPair();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (pair) => {
        const el = document.querySelector("#item") as HTMLElement | null;
        return el && `${el.dataset.q}-${el.dataset.m}` !== pair;
      },
      {},
      first,
    );
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(
      (pair) => {
        const el = document.querySelector("#item") as HTMLElement | null;
        return el && `${el.dataset.q}-${el.dataset.m}` === pair;
      },
      {},
      first,
    );
    expect(await progress()).toMatch(/^2 of 5 answered/);
  });

  it("shows a title made of markup as those characters, runs nothing, and saves a screenshot", async () => {
    let at = 0;
    for (; at < 5; at++) {
      await page.goto(`${base}/?at=${at}`);
      if ((await shownPair()) === "x1-x2") break;
    }
    expect(await shownPair()).toBe("x1-x2");
    const title = await page.$eval('td[data-field="title"][data-side="q"]', (el) => el.textContent);
    expect(title).toBe(XSS_TITLE);
    expect(await page.$$("main img")).toHaveLength(0);
    expect(dialogs).toEqual([]);
    // No script error and no content-security-policy violation on any page so far.
    expect(pageErrors).toEqual([]);
    const path = join(files.dir, "review-page.png");
    await page.screenshot({ path, fullPage: true });
    if (process.env.REVIEW_SCREENSHOT)
      await page.screenshot({ path: process.env.REVIEW_SCREENSHOT, fullPage: true });
    expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
  });
});
