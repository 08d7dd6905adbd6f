import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { loadSqlJs } from "../../lambda/catalog.ts";
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

const SQL = await loadSqlJs();
const db = new SQL.Database(readFileSync(options.db));
const written = await romaniseCatalog(db, await createRomaniser());
writeFileSync(options.out ?? options.db, db.export());
db.close();
console.log(`romanised ${written} titles and artist fields into ${options.out ?? options.db}`);
