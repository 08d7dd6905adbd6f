import { execFile } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parseModel } from "../lambda/model.ts";
import { readPairs } from "./csv.ts";
import { writeSmallSample } from "./sample-fixture.ts";

const run = promisify(execFile);
const tsx = (script: string, args: string[]) => run(process.execPath, ["--import", "tsx", script, ...args]);
let dir: string;
/** `npm run classify` on the small sample's catalog, with the model trained in beforeAll unless `model` is given. */
const classify = (pairs: string, out: string, model = join(dir, "model.json")) =>
  tsx("training/classify.ts", ["--db", join(dir, "db.db"), "--model", model, "--pairs", pairs, "--out", out]);

beforeAll(async () => {
  dir = await writeSmallSample(2000, 11);
  const db = join(dir, "db.db");
  await tsx("training/train.ts", [
    "--db",
    db,
    "--groundtruth",
    join(dir, "groundtruth.csv"),
    "--out",
    join(dir, "model.json"),
    "--split-dir",
    join(dir, "split"),
  ]);
});

describe("npm run train", () => {
  it("writes a valid model and the three split files", () => {
    const model = parseModel(readFileSync(join(dir, "model.json"), "utf8"));
    const parts = ["train", "validation", "test"].map((part) => readPairs(join(dir, "split", `${part}.csv`)));
    expect(parts.map((p) => p.length)).toEqual([
      model.training.pairs.train,
      model.training.pairs.validation,
      model.training.pairs.test,
    ]);
    expect(parts[2]?.[0]?.tag).toMatch(/^(valid|invalid)$/);
  });
});

describe("npm run train --prior-model / --no-prior-model", () => {
  it("records the model its prior was centred on", async () => {
    const out = join(dir, "prior-model.json");
    await tsx("training/train.ts", [
      ...["--db", join(dir, "db.db"), "--groundtruth", join(dir, "groundtruth.csv")],
      ...["--out", out, "--prior-model", join(dir, "model.json")],
    ]);
    const source = parseModel(readFileSync(join(dir, "model.json"), "utf8"));
    const model = parseModel(readFileSync(out, "utf8"));
    expect(model.training.priorModel).toEqual({
      trainedAt: source.trainedAt,
      fingerprint: source.training.fingerprint,
    });
    // The default run centres on the MusicBrainz 20K model; --no-prior-model on none.
    expect(source.training.priorModel?.fingerprint).toMatch(/^musicbrainz-20k:/);
    const none = join(dir, "no-prior-model.json");
    await tsx("training/train.ts", [
      ...["--db", join(dir, "db.db"), "--groundtruth", join(dir, "groundtruth.csv")],
      ...["--out", none, "--no-prior-model"],
    ]);
    expect(parseModel(readFileSync(none, "utf8")).training.priorModel).toBeUndefined();
  });
});

describe("npm run train on labels that contradict themselves", () => {
  it("says how many pairs are labelled both ways or name one id twice", async () => {
    const gt = join(dir, "doubtful.csv");
    const [first] = readPairs(join(dir, "groundtruth.csv"));
    const flipped = first?.tag === "valid" ? "invalid" : "valid";
    writeFileSync(
      gt,
      `${readFileSync(join(dir, "groundtruth.csv"), "utf8")}${first?.m},${first?.q},${flipped}\n${first?.q},${first?.q},valid\n`,
    );
    const { stderr } = await tsx("training/train.ts", [
      ...["--db", join(dir, "db.db"), "--groundtruth", gt, "--out", join(dir, "doubtful-model.json")],
    ]);
    expect(stderr).toContain(
      "kept as given: 1 pairs are labelled both valid and invalid; 1 pairs name one id twice",
    );
  });
});

describe("npm run train on a missing groundtruth", () => {
  it("says which file is missing on one line and exits with code 1", async () => {
    const missing = join(dir, "no-such-groundtruth.csv");
    await expect(
      tsx("training/train.ts", [
        "--db",
        join(dir, "db.db"),
        "--groundtruth",
        missing,
        "--out",
        join(dir, "m.json"),
      ]),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^train: ENOENT: no such file or directory, open '.*no-such-groundtruth\.csv'\n$/,
      ),
    });
  });
});

describe("npm run train refuses, before any work, to overwrite what is not its model", () => {
  const train = (groundtruth: string, out: string) =>
    tsx("training/train.ts", ["--db", join(dir, "db.db"), "--groundtruth", groundtruth, "--out", out]);

  it.each([
    ["the groundtruth", (gt: string) => gt, /train: --out .* is also an input/],
    [
      "a file that is not a model",
      () => join(dir, "notes.txt"),
      /train: --out .* holds something other than a model/,
    ],
    ["a directory", () => dir, /train: --out .* is a directory/],
  ])("--out naming %s: exit code 1, the file as it was", async (_, outOf, message) => {
    const gt = join(dir, "gt-copy.csv");
    writeFileSync(gt, readFileSync(join(dir, "groundtruth.csv")));
    writeFileSync(join(dir, "notes.txt"), "not a model\n");
    const out = outOf(gt);
    const before = statSync(out).isDirectory() ? "" : readFileSync(out, "utf8");
    await expect(train(gt, out)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(message) });
    expect(statSync(out).isDirectory() ? "" : readFileSync(out, "utf8")).toBe(before);
  });

  it("leaves the model at --out when the labels are too few to fit, threshold and test a new one", async () => {
    const out = join(dir, "kept-model.json");
    writeFileSync(out, readFileSync(join(dir, "model.json")));
    const one = join(dir, "one-pair.csv");
    const [first] = readPairs(join(dir, "groundtruth.csv"));
    writeFileSync(one, `q_source_id,m_source_id,tag\n${first?.q},${first?.m},${first?.tag}\n`);
    await expect(train(one, out)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^train: too few labelled pairs to fit, choose a threshold and test: /m),
    });
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(dir, "model.json"), "utf8"));
  });
});

describe("npm run classify", () => {
  it("classifies pairs, keeps unknown ids as rows and reports pairs per second", async () => {
    const pairs = readPairs(join(dir, "split", "test.csv")).slice(0, 50);
    const input = join(dir, "pairs.csv");
    writeFileSync(
      input,
      `q_source_id,m_source_id,note\n${pairs.map((p) => `${p.q},${p.m},x`).join("\n")}\nnot_an_id,123,x\n`,
    );
    const out = join(dir, "out.csv");
    const { stdout, stderr } = await classify(input, out);
    expect(stdout).toMatch(/classified 51 pairs .* pairs\/s/);
    expect(stderr).toMatch(/1 pairs name ids not in/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("q_source_id,m_source_id,class,probability");
    expect(lines).toHaveLength(52);
    expect(lines[1]).toMatch(/,(valid|invalid),0\.\d{6}$|,(valid|invalid),1\.0{6}$/);
    expect(lines[51]).toBe("not_an_id,123,unknown_id,");
  });

  it("prints precision, recall and F1 with an interval when the pairs carry their tags", async () => {
    const out = join(dir, "test-out.csv");
    const { stdout } = await classify(join(dir, "split", "test.csv"), out);
    const model = parseModel(readFileSync(join(dir, "model.json"), "utf8"));
    const f1 = model.metrics.test.f1.toFixed(4);
    expect(stdout).toMatch(/against the tags of .*test\.csv \(\d+ pairs, threshold/);
    expect(stdout).toMatch(new RegExp(`F1 ${f1}, bootstrap 95 % interval \\[0\\.\\d{4}, [01]\\.\\d{4}\\]`));
  });

  it("ends on a malformed pairs file with one line naming the file and line, exit code 1", async () => {
    const bad = join(dir, "bad-tags.csv");
    writeFileSync(bad, "q_source_id,m_source_id,tag\n123,456,maybe\n");
    await expect(classify(bad, join(dir, "y.csv"))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^classify: .*bad-tags\.csv: line 2: tag must be valid or invalid, not "maybe"\n$/,
      ),
    });
  });

  it("refuses an --out that is its own pairs file before scoring, and leaves the file as it was", async () => {
    const input = join(dir, "own-pairs.csv");
    writeFileSync(input, "q_source_id,m_source_id\n123,456\n");
    await expect(classify(input, input)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^classify: --out .*own-pairs\.csv is also an input/),
    });
    expect(readFileSync(input, "utf8")).toBe("q_source_id,m_source_id\n123,456\n");
  });

  it("refuses a model file that is not a model", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"name":"LogisticRegression"}');
    await expect(classify(join(dir, "groundtruth.csv"), join(dir, "x.csv"), bad)).rejects.toMatchObject({
      stderr: expect.stringMatching(/bad\.json: not a sr-match-logistic-regression model/),
    });
  });
});

describe("npm run report on a bad input file", () => {
  const report = (args: string[]) =>
    tsx("training/report/main.ts", [
      "--groundtruth",
      join(dir, "groundtruth.csv"),
      "--out",
      join(dir, "r"),
      ...args,
    ]);

  it("ends in one line naming the file, exit code 1, before training", async () => {
    const badModel = join(dir, "not-a-model.json");
    writeFileSync(badModel, '{"name":"LogisticRegression"}');
    for (const [args, message] of [
      [["--db", join(dir, "no-such.db")], /^report: .*no-such\.db/],
      [["--db", join(dir, "db.db"), "--model", badModel], /^report: .*not-a-model\.json: not a sr-match/],
      [
        ["--db", join(dir, "db.db"), "--noise", join(dir, "no-noise.csv")],
        /^report: .*no-noise\.csv: no such file/,
      ],
    ] as const) {
      const failure = await report([...args]).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 1 });
      const { stderr } = failure as { stderr: string };
      expect(stderr.split("\n").filter((line) => line.startsWith("report:"))).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(message.source, "m"));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).not.toMatch(/training|ablation/);
    }
  }, 60_000);
});
