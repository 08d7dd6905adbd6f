import { readFileSync } from "node:fs";
import { Catalog } from "../lambda/catalog.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
for (const db of process.argv.slice(2)) {
  const catalog = await Catalog.open(readFileSync(db));
  const records = [...catalog.all()];
  catalog.close();
  const { keys } = prepareStage(records);
  const texts = new Map<string, number>();
  for (const k of keys) texts.set(k.embeddingText, (texts.get(k.embeddingText) ?? 0) + 1);
  const multi = [...texts.values()].filter((c) => c > 1);
  console.log(db, "records", keys.length, "distinct texts", texts.size, "texts shared", multi.length, "max", Math.max(...multi));
}
