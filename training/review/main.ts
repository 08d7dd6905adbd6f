import { userInfo } from "node:os";
import { Command } from "commander";
import { exitOnInputError } from "../cli-exit.ts";
import { ReviewStore } from "./review-store.ts";
import { createReviewServer } from "./server.ts";
import { loadReviewSession } from "./session.ts";

const options = new Command("review")
  .description("Serve the review page: label pairs by keyboard, answers go to a SQLite file at once")
  .option("--db <path>", "SQLite catalog with table soundrecording", "data/db.db")
  .option("--model <path>", "model file", "data/model.json")
  .option(
    "--groundtruth <path>",
    "labelled pairs, checked for suspected label errors",
    "data/groundtruth.csv",
  )
  .option(
    "--pairs <path>",
    "candidate pairs q_source_id,m_source_id for the review band (default: groundtruth)",
  )
  .option("--dedupe-dir <dir>", "output dir of npm run dedupe (reads review-pairs.csv)")
  .option("--reviews <path>", "append-only SQLite file of answers", "data/reviews.db")
  .option("--reviewer <name>", "who answers (default: the OS user)")
  .option("--host <host>", "address to bind; loopback unless told otherwise", "127.0.0.1")
  .option("--port <port>", "port", "8003")
  .parse()
  .opts<{
    db: string;
    model: string;
    groundtruth: string;
    pairs?: string;
    dedupeDir?: string;
    reviews: string;
    reviewer?: string;
    host: string;
    port: string;
  }>();

const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer in 0-65535, not ${options.port}`);
  process.exit(2);
}
const { session, store } = await (async () => ({
  session: await loadReviewSession({
    db: options.db,
    model: options.model,
    groundtruth: options.groundtruth,
    ...(options.pairs ? { pairs: options.pairs } : {}),
    ...(options.dedupeDir ? { dedupeDir: options.dedupeDir } : {}),
  }),
  store: new ReviewStore(options.reviews),
}))().catch(exitOnInputError("review"));
const server = createReviewServer({
  ...session,
  store,
  reviewer: options.reviewer ?? userInfo().username,
});
for (const note of session.notes) console.error(note);
server.listen(port, options.host, () => {
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  console.log(
    `review band [${session.band.lower.toFixed(4)}, ${session.band.upper.toFixed(4)}), ${session.items.length} pairs queued; ` +
      `answers go to ${options.reviews}\nhttp://${options.host}:${bound}/`,
  );
});
const stop = () => server.close(() => store.close());
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
