import { App, Stack, Validations } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { MatchStack } from "./match-stack.ts";

/** An app checked by cdk-nag's AwsSolutions pack, as bin/app.ts does; bundling skipped (template only). */
function checkedApp(): App {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Every acknowledgment recorded under `root`: rule id and reason. */
function acknowledgments(root: IConstruct): { id: string; reason: unknown }[] {
  return root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>))
    .map(([id, reason]) => ({ id, reason }));
}

describe("cdk-nag AwsSolutions over MatchStack", () => {
  it("synthesises with no unacknowledged finding", () => {
    const app = checkedApp();
    new MatchStack(app, "Nagged", { stage: "test", pointerKey: DEFAULT_POINTER_KEY });
    expect(() => app.synth()).not.toThrow();
  });

  it("gives every acknowledgment a reason", () => {
    const app = checkedApp();
    const stack = new MatchStack(app, "Nagged", { stage: "test", pointerKey: DEFAULT_POINTER_KEY });
    const acknowledged = acknowledgments(stack);
    expect(acknowledged.map((a) => a.id.replace(/\[.*\]$/, "[...]")).sort()).toEqual([
      "AwsSolutions::AwsSolutions-IAM5[...]",
      "AwsSolutions::AwsSolutions-IAM5[...]",
      "AwsSolutions::AwsSolutions-IAM5[...]",
      "AwsSolutions::AwsSolutions-IAM5[...]",
      "AwsSolutions::AwsSolutions-L1",
      "AwsSolutions::AwsSolutions-S1",
    ]);
    for (const { reason } of acknowledged) expect(String(reason).length).toBeGreaterThan(60);
  });

  it("meets APIG4 (authorisation on every route) instead of acknowledging it", () => {
    const app = checkedApp();
    const stack = new MatchStack(app, "Nagged", { stage: "test", pointerKey: DEFAULT_POINTER_KEY });
    expect(acknowledgments(stack).some((a) => a.id.includes("APIG4"))).toBe(false);
    expect(() => app.synth()).not.toThrow();
  });

  it("fails synthesis on a finding nobody acknowledged (the check is live)", () => {
    const app = checkedApp();
    new Bucket(new Stack(app, "Bare"), "Unlogged", { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
