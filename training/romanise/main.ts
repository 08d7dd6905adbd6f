import { readFileSync } from "node:fs";
import { Command } from "commander";
import { Catalog, loadSqlJs } from "../../lambda/catalog.ts";
import { exitOnInputError } from "../cli-exit.ts";
import { prepareOutput, writeFileWhole } from "../output-file.ts";
import { createRomaniser } from "./romanise.ts";
import { romaniseCatalog } from "./romanise-catalog.ts";

const options = new Command("romanise")
  .description(
    "Release-time step: write title_latin and artists_latin (kuroshiro/kuromoji, es-hangul, pinyin-pro) into a catalog",
  )
  .option("--db <path>", "SQLite catalog with table soundrecording", "data/db.db")
  .option("--out <path>", "where to write the catalog (default: in place)")
  .parse()
  .opts<{ db: string; out?: string }>();

const out = options.out ?? options.db;
const db = await (async () => {
  if (options.out) prepareOutput("--out", options.out, []);
  const bytes = readFileSync(options.db);
  // Checked as the service reads a catalog: a file that is not one ends here, in one line.
  (await Catalog.open(bytes)).close();
  return new (await loadSqlJs()).Database(bytes);
})().catch(exitOnInputError("romanise"));
const written = await romaniseCatalog(db, await createRomaniser());
writeFileWhole(out, db.export());
db.close();
console.log(`romanised ${written} titles and artist fields into ${out}`);
