import type { DefinitionRefs } from "./definition.ts";

/** Plain names for the state machine definition's references, as tests read the definition. */
export const PLAIN_REFS: DefinitionRefs = {
  bucket: "b",
  database: "d",
  workGroup: "w",
  functionArn: "arn:aws:lambda:r:0:function:f",
  centroidsFunctionArn: "arn:aws:lambda:r:0:function:c",
};
