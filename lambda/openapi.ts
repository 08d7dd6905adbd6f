import * as z from "zod";
import { MAX_ID_LENGTH } from "./api.ts";
import { FEATURE_NAMES } from "./features.ts";
import { DEFAULT_MATCHES_LIMIT, MAX_MATCHES_LIMIT } from "./matches.ts";
import type { SoundRecording } from "./recording.ts";

/** Schemas of what the API answers; the OpenAPI document is generated from them. */
const id = z.string().min(1).max(MAX_ID_LENGTH);
const matchClass = z.enum(["valid", "invalid"]);
const probability = z.number().min(0).max(1);
const recordSchema = z.object({
  sr_id: z.string(),
  title: z.string().nullable(),
  artists: z.string().nullable(),
  isrcs: z.string().nullable(),
  contributors: z.string().nullable(),
  album: z.string().nullable().optional(),
  duration_ms: z.number().nullable().optional(),
  year: z.number().nullable().optional(),
  title_latin: z.string().nullable().optional(),
  artists_latin: z.string().nullable().optional(),
  // Every column a catalog may hold (recording.ts): a new one fails to compile here until documented.
} satisfies Record<keyof SoundRecording, z.ZodType>);

/**
 * The `limit` values matchesLimit accepts, as a pattern: 1 to 10 in at most three digits ("010"). A
 * test checks it against matchesLimit on every string of up to four digits.
 */
export const LIMIT_PATTERN = /^(?:0{0,2}[1-9]|0?10)$/;

export const schemas = {
  Error: z
    .object({ error: z.string() })
    .strict()
    .meta({ description: "What went wrong; no internals below 503" }),
  Class: z.object({ class: matchClass }).strict(),
  Explained: z
    .object({
      class: matchClass,
      probability,
      threshold: probability,
      features: z.object(
        Object.fromEntries(
          FEATURE_NAMES.map((n) => [n, z.object({ value: z.number(), contribution: z.number() })]),
        ),
      ),
      records: z.object({ q: recordSchema, m: recordSchema }),
    })
    .strict(),
  Matches: z
    .object({
      sr_id: z.string(),
      matches: z
        .array(z.object({ sr_id: z.string(), class: matchClass, probability }).strict())
        .max(MAX_MATCHES_LIMIT),
    })
    .strict(),
  Health: z.object({ status: z.literal("ok") }).strict(),
} as const;

const json = (schema: keyof typeof schemas, description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), json("Error", ERROR_MEANING[s] ?? "error")]));
const ERROR_MEANING: Record<number, string> = {
  400: "a parameter missing, empty, too long, out of range or given twice",
  404: "an sr_id not in the catalog",
  405: "a method other than GET",
  414: "query string longer than 2,048 characters",
  500: "anything unexpected (logged, no internals sent)",
  503: "catalog, model or retrieval index cannot be loaded; retry later",
};
const param = (name: string, schema: z.ZodType, required: boolean, description: string) => ({
  name,
  in: "query",
  required,
  description,
  schema: z.toJSONSchema(schema),
});

/** The OpenAPI 3.1 description of every route, built from the schemas above. */
export function openApiDocument(): Record<string, unknown> {
  const components = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
      return [name, rest];
    }),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "sr-match",
      version: "1.0.0",
      description: "Are two sound-recording records the same recording?",
    },
    paths: {
      "/": {
        get: {
          summary: "Classify a pair of recordings",
          parameters: [
            param("q_sr_id", id, true, "first recording"),
            param("m_sr_id", id, true, "second recording"),
            param("explain", z.enum(["true", "false"]), false, "add probability, features and records"),
          ],
          responses: {
            "200": {
              description: "the class; with explain=true also what it rests on",
              content: {
                "application/json": {
                  schema: {
                    oneOf: [
                      { $ref: "#/components/schemas/Class" },
                      { $ref: "#/components/schemas/Explained" },
                    ],
                  },
                },
              },
            },
            ...errors(400, 404, 405, 414, 500, 503),
          },
        },
      },
      "/matches": {
        get: {
          summary: "The catalog's likely duplicates of one recording, most probable first",
          parameters: [
            param("sr_id", id, true, "the recording"),
            param(
              "limit",
              z.string().regex(LIMIT_PATTERN),
              false,
              `how many, 1 to ${MAX_MATCHES_LIMIT} (default ${DEFAULT_MATCHES_LIMIT})`,
            ),
          ],
          responses: { "200": json("Matches", "ranked matches"), ...errors(400, 404, 405, 414, 500, 503) },
        },
      },
      "/health": {
        get: {
          summary: "Ready once the catalog and model are loaded",
          responses: { "200": json("Health", "ready"), ...errors(400, 405, 414, 500, 503) },
        },
      },
      "/openapi.json": {
        get: {
          summary: "This document",
          responses: {
            "200": { description: "OpenAPI 3.1", content: { "application/json": {} } },
            ...errors(400, 405, 414),
          },
        },
      },
    },
    components: { schemas: components },
  };
}
