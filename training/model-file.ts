import { readFileSync } from "node:fs";
import { type Model, parseModel } from "../lambda/model.ts";

/** Reads and validates a model file; the error names the file. */
export function loadModelFile(path: string): Model {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read model ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return parseModel(text);
  } catch (error) {
    throw new TypeError(`${path}: ${(error as Error).message}`);
  }
}
