import { catalogBytes, EXAMPLE_RECORDS } from "../../lambda/catalog-fixture.ts";
import type { Model } from "../../lambda/model.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";

/** A catalog of the README's three example records (lambda/catalog-fixture.ts); no data/db.db needed. */
export function fixtureCatalog(): Promise<Uint8Array> {
  return catalogBytes(EXAMPLE_RECORDS);
}

/** The hand-weighted test model (lambda/model-fixture.ts), with optional changes. */
export function fixtureModel(overrides: Partial<Model> = {}): Model {
  return modelFixture(overrides);
}

/** The fixture model as model.json text. */
export function fixtureModelJson(overrides: Partial<Model> = {}): string {
  return `${JSON.stringify(fixtureModel(overrides), null, 2)}\n`;
}

/** The README's three example requests and their expected answers. */
export const EXAMPLE_REQUESTS = [
  { q: "123", m: "456", expected: { class: "valid" } },
  { q: "123", m: "789", expected: { class: "invalid" } },
  { q: "456", m: "789", expected: { class: "invalid" } },
] as const;
