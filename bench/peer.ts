import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { grab, run } from "./run.ts";

/** The peer: the typical public Python solution (FastAPI + fuzzywuzzy + scikit-learn). */
export const PEER_DIR = fileURLToPath(new URL("../../shared/peers/python-fastapi/", import.meta.url));
/** Debian's interpreter, the one with the peer's modules (a pyenv python3 on PATH has none). */
export const PYTHON = "/usr/bin/python3";

/** Installs the peer's Debian packages when its modules are missing; returns their versions. */
export async function ensurePeer(): Promise<string> {
  const probe = [
    "-c",
    "import fastapi, uvicorn, fuzzywuzzy, Levenshtein, sklearn; print('fastapi', fastapi.__version__, 'uvicorn', uvicorn.__version__, 'sklearn', sklearn.__version__)",
  ];
  try {
    return (await run(PYTHON, probe)).stdout.trim();
  } catch {
    await run("bash", [join(PEER_DIR, "setup.sh")]);
    return (await run(PYTHON, probe)).stdout.trim();
  }
}

/** Trains the peer's best variant on labelled CSVs (concatenated) into `model`. */
export async function trainPeer(db: string, labelled: readonly string[], dir: string): Promise<string> {
  const model = join(dir, "peer-best.pkl");
  const combined = join(dir, "peer-train.csv");
  const rows = labelled.flatMap((file, i) =>
    readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .slice(i === 0 ? 0 : 1),
  );
  writeFileSync(combined, `${rows.join("\n")}\n`);
  if (!existsSync(model)) {
    await run(PYTHON, [
      join(PEER_DIR, "peer.py"),
      "train",
      "--db",
      db,
      "--groundtruth",
      combined,
      "--model",
      model,
      "--variant",
      "best",
    ]);
  }
  return model;
}

/** The peer's metrics on labelled pairs (`peer.py eval`). */
export async function evalPeer(
  db: string,
  model: string,
  labelled: string,
): Promise<{ f1: number; precision: number; recall: number; accuracy: number; n: number }> {
  const { stdout } = await run(PYTHON, [
    join(PEER_DIR, "peer.py"),
    "eval",
    "--db",
    db,
    "--model",
    model,
    "--labelled",
    labelled,
  ]);
  return JSON.parse(stdout);
}

/** The peer's batch classification of `pairs` in one process: pairs/s as it reports them. */
export async function classifyPeer(
  db: string,
  model: string,
  pairs: string,
  out: string,
): Promise<{ pairsPerS: number; featuresPairsPerS: number; wallMs: number }> {
  const { stderr, ms } = await run(PYTHON, [
    join(PEER_DIR, "peer.py"),
    "classify",
    "--db",
    db,
    "--model",
    model,
    "--pairs",
    pairs,
    "--out",
    out,
  ]);
  return {
    pairsPerS: grab(stderr, /= (\d+) pairs\/s/, "peer pairs/s"),
    featuresPairsPerS: grab(stderr, /features [\d.]+s \((\d+) pairs\/s\)/, "peer feature pairs/s"),
    wallMs: ms,
  };
}

/** Command line of the peer's server (uvicorn, 1 worker, access log on as by default). */
export function peerServerCommand(db: string, model: string, port: number) {
  return {
    command: PYTHON,
    args: [join(PEER_DIR, "server.py")],
    env: { DB: db, MODEL: model, PORT: String(port) },
  };
}
