import type { ArtifactSource } from "./artifacts.ts";
import { Catalog, loadSqlJs, type RecordingCatalog } from "./catalog.ts";
import type { Matcher } from "./match.ts";
import { parseModel } from "./model.ts";

/** How often a warm process asks the store whether another release is current, by default. */
export const DEFAULT_RELEASE_CHECK_MS = 60_000;
/** First wait after a failed load before the next attempt; doubles per failure up to the maximum. */
export const DEFAULT_RETRY_MS = 2_000;
/** Longest wait between attempts while the artifacts stay unavailable. */
export const MAX_RETRY_MS = 16_000;
/** How long a replaced catalog stays open for requests that already hold it. */
const RETIRE_AFTER_MS = 10_000;

interface Loaded {
  matcher: Matcher;
  release: string | undefined;
  checkedAt: number;
}

/** Options of {@link matcherLoader}. */
export interface LoaderOptions {
  /** Milliseconds between release checks of a warm process; Infinity never checks. */
  releaseCheckMs?: number;
  /** Told when a background release check or switch fails; the loaded release keeps serving. */
  onRefreshError?: (error: unknown) => void;
  /**
   * Milliseconds to wait after a failed first load before trying again (doubling per consecutive
   * failure, at most {@link MAX_RETRY_MS} or this value if larger); calls meanwhile fail at once
   * with the last error, so an outage costs one fetch per interval, not one per request.
   */
  retryMs?: number;
  /**
   * Opens a catalog kept outside the release (a DynamoDB table); when given, only the model is
   * fetched from the source. Default: the release's SQLite file, opened with sql.js.
   */
  openCatalog?: () => Promise<RecordingCatalog>;
  /** The clock, in milliseconds; for tests. */
  now?: () => number;
}

/**
 * Returns a loader that fetches and opens the artifacts once per process. Concurrent first calls share
 * one load; a failed load is not kept: calls during the back-off after it fail with its error, and
 * the first call after the back-off tries again. Where the source names releases
 * (S3), a warm process checks every `releaseCheckMs` in the background and switches to a newly
 * pointed-at release (an upload or a rollback) once it has loaded; requests never wait for that.
 */
export function matcherLoader(source: ArtifactSource, options: LoaderOptions = {}): () => Promise<Matcher> {
  const {
    releaseCheckMs = DEFAULT_RELEASE_CHECK_MS,
    onRefreshError = () => {},
    retryMs = DEFAULT_RETRY_MS,
    now = Date.now,
    openCatalog,
  } = options;
  let current: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  let checking = false;
  let failure: { attempt: Promise<Loaded>; error: unknown; retryAt: number; delay: number } | undefined;

  const load = (): Promise<Loaded> => {
    loading ??= openArtifacts(source, openCatalog)
      .then((loaded) => {
        const retired = current;
        current = loaded;
        if (retired) setTimeout(() => retired.matcher.catalog.close(), RETIRE_AFTER_MS).unref();
        failure = undefined;
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const refresh = async (loaded: Loaded) => {
    checking = true;
    try {
      const release = await source.currentRelease?.();
      if (release !== undefined && release !== loaded.release) await load();
    } catch (error) {
      onRefreshError(error);
    } finally {
      loaded.checkedAt = Date.now();
      checking = false;
    }
  };

  const firstLoad = async (): Promise<Loaded> => {
    if (failure && now() < failure.retryAt) throw failure.error;
    const attempt = load();
    try {
      return await attempt;
    } catch (error) {
      // Concurrent callers of one failed attempt record it once.
      if (failure?.attempt !== attempt) {
        const delay = failure ? Math.min(failure.delay * 2, Math.max(MAX_RETRY_MS, retryMs)) : retryMs;
        failure = { attempt, error, retryAt: now() + delay, delay };
      }
      throw error;
    }
  };

  return async () => {
    if (!current) return (await firstLoad()).matcher;
    if (source.currentRelease && !checking && Date.now() - current.checkedAt >= releaseCheckMs) {
      void refresh(current);
    }
    return current.matcher;
  };
}

async function openArtifacts(
  source: ArtifactSource,
  openCatalog: (() => Promise<RecordingCatalog>) | undefined,
): Promise<Loaded> {
  if (openCatalog) {
    const [artifacts, catalog] = await Promise.all([source.fetch({ catalog: false }), openCatalog()]);
    return {
      matcher: { catalog, model: parseModel(artifacts.model) },
      release: artifacts.release,
      checkedAt: Date.now(),
    };
  }
  // Compiling sql.js's wasm overlaps the download instead of following it.
  const [artifacts] = await Promise.all([source.fetch(), loadSqlJs()]);
  const model = parseModel(artifacts.model);
  if (!artifacts.catalog) throw new TypeError("the artifact source returned no catalog");
  const catalog = await Catalog.open(artifacts.catalog);
  return { matcher: { catalog, model }, release: artifacts.release, checkedAt: Date.now() };
}
