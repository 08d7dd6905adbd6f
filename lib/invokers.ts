import { Arn, ArnFormat } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { type IRole, type IUser, ManagedPolicy, PolicyStatement, Role, User } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

/**
 * A managed policy allowing `execute-api:Invoke` on every route of the API's default stage, attached
 * to each IAM role or user named in `invokerArns` (same account: an HTTP API has no resource policy,
 * so callers of other accounts need a role here to assume). Attach the policy to other principals
 * (a group, an SSO permission set) by its ARN, the stack output InvokePolicyArn.
 * Throws TypeError for an ARN that is not an IAM role or user.
 */
export function grantInvoke(scope: Construct, api: HttpApi, invokerArns: readonly string[]): ManagedPolicy {
  const roles: IRole[] = [];
  const users: IUser[] = [];
  invokerArns.forEach((arn, i) => {
    const resource = parseIamArn(arn);
    if (resource === "role") roles.push(Role.fromRoleArn(scope, `Invoker${i}`, arn, { mutable: false }));
    else users.push(User.fromUserArn(scope, `Invoker${i}`, arn));
  });
  return new ManagedPolicy(scope, "InvokePolicy", {
    description: "Call the sr-match API (IAM-authorised HTTP API)",
    statements: [
      new PolicyStatement({
        actions: ["execute-api:Invoke"],
        resources: [api.arnForExecuteApi("*", "/*", "$default")],
      }),
    ],
    roles,
    users,
  });
}

function parseIamArn(arn: string): "role" | "user" {
  let resource: string | undefined;
  try {
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    resource = parts.service === "iam" ? parts.resource : undefined;
  } catch {
    resource = undefined;
  }
  if (resource !== "role" && resource !== "user") {
    throw new TypeError(
      `invoker ${JSON.stringify(arn)} is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  }
  return resource;
}
