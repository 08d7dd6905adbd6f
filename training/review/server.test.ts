import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReviewFixture } from "./review-fixture.ts";
import { ReviewStore } from "./review-store.ts";
import { createReviewServer } from "./server.ts";
import { loadReviewSession } from "./session.ts";

let base: string;
let store: ReviewStore;
let stop: () => Promise<unknown>;

beforeAll(async () => {
  const files = await writeReviewFixture();
  const session = await loadReviewSession(files);
  store = new ReviewStore(files.reviews);
  const server = createReviewServer({ ...session, store, reviewer: "tester" });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = () => new Promise((resolve) => server.close(resolve));
});

afterAll(async () => {
  await stop?.();
  store.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...headers },
    body,
  });

describe("the review server", () => {
  it("answers with a 303 back to the page and writes one row", async () => {
    const before = store.rows().length;
    const response = await post("/answer", "q=b1&m=b2&label=valid&at=0");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/?at=0");
    expect(
      store
        .rows()
        .slice(before)
        .map((r) => [r.q, r.m, r.label]),
    ).toEqual([["b1", "b2", "valid"]]);
  });

  it("refuses a POST from another origin, or with none, and writes nothing", async () => {
    const before = store.rows().length;
    const foreign = await post("/answer", "q=c1&m=c2&label=valid", { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: expect.stringMatching(/cross-origin/) });
    const rebound = await post("/undo", "at=0", { host: "evil.example", origin: "http://evil.example" });
    expect(rebound.status).toBe(403);
    expect(store.rows()).toHaveLength(before);
  });

  it("gives clear JSON errors for bad input", async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post("/answer", "q=c1&m=c2&label=maybe"), 400, /label must be one of/],
      [post("/answer", "q=c1&m=zz&label=valid"), 400, /pair of the queue/],
      [post("/answer", "x".repeat(5000)), 413, /larger than/],
      [post("/answer", "{}", { "content-type": "application/json" }), 415, /x-www-form-urlencoded/],
      [fetch(`${base}/answer`), 405, /use POST/],
      [fetch(`${base}/`, { method: "DELETE" }), 405, /use GET/],
      [fetch(`${base}/nope`), 404, /not found/],
    ];
    for (const [request, status, message] of cases) {
      const response = await request;
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await response.json()).error).toMatch(message);
    }
  });

  it("serves the page with a strict content security policy and htmx from node_modules", async () => {
    const page = await fetch(`${base}/?at=999`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/dedupe: not read/);
    const htmx = await fetch(`${base}/static/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toMatch(/htmx/);
  });
});

describe("npm run review", () => {
  it("loses nothing already answered when the process is killed", async () => {
    const files = await writeReviewFixture();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "training/review/main.ts",
        ...["--db", files.db, "--model", files.model, "--groundtruth", files.groundtruth],
        ...["--reviews", files.reviews, "--port", "0", "--reviewer", "kim", "--dedupe-dir", files.dir],
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const match = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (match) resolve(match[0].slice(0, -1));
      });
      child.on("exit", () => reject(new Error(`review exited early: ${out}`)));
    });
    expect(stderr).toMatch(/no review-pairs\.csv in/);
    const response = await fetch(`${url}/answer`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
      body: "q=d1&m=d2&label=invalid&at=0",
    });
    expect(response.status).toBe(303);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const reopened = new ReviewStore(files.reviews);
    expect(reopened.rows().map((r) => [r.q, r.m, r.label, r.reviewer])).toEqual([
      ["d1", "d2", "invalid", "kim"],
    ]);
    reopened.close();
  });
});
