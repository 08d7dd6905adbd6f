import { describe, expect, it } from "vitest";
import type { ArtifactSource, Artifacts } from "./artifacts.ts";
import { catalogBytes, EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { matcherLoader } from "./matcher-loader.ts";
import { modelFixture } from "./model-fixture.ts";

/** An in-memory store of releases: what a pointer names, and how often it was read. */
class MemoryStore implements ArtifactSource {
  readonly description = "memory";
  fetches = 0;
  release = "v1";
  failNext: Error | undefined;
  /** While set, every fetch fails with it. */
  down: Error | undefined;

  async fetch(): Promise<Artifacts> {
    this.fetches++;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    if (this.down) throw this.down;
    const model = JSON.stringify(modelFixture({ trainedAt: this.release }));
    return { catalog: await catalogBytes(EXAMPLE_RECORDS), model, release: this.release };
  }

  async currentRelease(): Promise<string> {
    return this.release;
  }
}

/** Waits until the store has been fetched `count` times and the follow-up work has settled. */
async function fetched(store: MemoryStore, count: number): Promise<void> {
  while (store.fetches < count) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("matcherLoader", () => {
  it("shares one load among concurrent first calls", async () => {
    const store = new MemoryStore();
    const load = matcherLoader(store);
    const matchers = await Promise.all([load(), load(), load()]);
    expect(store.fetches).toBe(1);
    expect(new Set(matchers).size).toBe(1);
  });

  it("does not keep a failed load: the first call after the back-off tries again", async () => {
    const store = new MemoryStore();
    store.failNext = new Error("store down");
    let clock = 0;
    const load = matcherLoader(store, { retryMs: 1_000, now: () => clock });
    await expect(load()).rejects.toThrow("store down");
    clock = 1_000;
    expect((await load()).model.trainedAt).toBe("v1");
    expect(store.fetches).toBe(2);
  });

  it("fetches once per back-off during an outage, shared by concurrent calls, doubling the wait", async () => {
    const store = new MemoryStore();
    store.down = new Error("store down");
    let clock = 0;
    const load = matcherLoader(store, { retryMs: 1_000, now: () => clock });
    const concurrent = await Promise.allSettled(Array.from({ length: 7 }, () => load()));
    expect(concurrent.every((result) => result.status === "rejected")).toBe(true);
    for (let i = 0; i < 14; i++) {
      clock += 50;
      await expect(load()).rejects.toThrow("store down");
    }
    expect(store.fetches).toBe(1);
    clock = 1_000;
    await expect(load()).rejects.toThrow("store down");
    expect(store.fetches).toBe(2);
    clock = 2_999;
    await expect(load()).rejects.toThrow("store down");
    expect(store.fetches).toBe(2);
    clock = 3_000;
    store.down = undefined;
    expect((await load()).model.trainedAt).toBe("v1");
    expect(store.fetches).toBe(3);
  });

  it("switches a warm process to a newly pointed-at release in the background", async () => {
    const store = new MemoryStore();
    const load = matcherLoader(store, { releaseCheckMs: 0 });
    expect((await load()).model.trainedAt).toBe("v1");
    store.release = "v2";
    expect((await load()).model.trainedAt).toBe("v1");
    await fetched(store, 2);
    expect((await load()).model.trainedAt).toBe("v2");
  });

  it("keeps serving the loaded release when a switch fails, and says so", async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    const load = matcherLoader(store, { releaseCheckMs: 0, onRefreshError: (error) => errors.push(error) });
    await load();
    store.release = "v2";
    store.failNext = new Error("corrupt release");
    await load();
    await fetched(store, 2);
    expect((await load()).model.trainedAt).toBe("v1");
    expect(errors).toEqual([new Error("corrupt release")]);
  });

  it("does not check before the interval is up", async () => {
    const store = new MemoryStore();
    const load = matcherLoader(store, { releaseCheckMs: 60_000 });
    await load();
    store.release = "v2";
    await load();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.fetches).toBe(1);
  });

  it("never re-reads a source without releases (local files)", async () => {
    const store = new MemoryStore();
    const local: ArtifactSource = { description: "local", fetch: () => store.fetch() };
    const load = matcherLoader(local, { releaseCheckMs: 0 });
    await load();
    await load();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.fetches).toBe(1);
  });
});
