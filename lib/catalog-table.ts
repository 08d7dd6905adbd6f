import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { CATALOG_KEY } from "../lambda/dynamo-codec.ts";

/**
 * The DynamoDB catalog for catalogs too large for a function's memory (10^8 recordings): one item per
 * recording keyed by `sr_id`, holding its raw fields and its prepared form (lambda/dynamo-codec.ts).
 * On-demand billing (reads follow traffic, no capacity to plan), point-in-time recovery, encrypted
 * with an AWS-managed key, retained when the stack goes. Filled by `npm run upload -- --catalog-table`.
 */
export function catalogTable(scope: Construct, stage: string): Table {
  return new Table(scope, "CatalogTable", {
    tableName: `sr-match-catalog-${stage}`,
    partitionKey: { name: CATALOG_KEY, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Lets `grantee` read items by key, and nothing else: no Query, Scan, or writes. */
export function grantLookups(table: Table, grantee: IGrantable): void {
  table.grant(grantee, "dynamodb:BatchGetItem", "dynamodb:GetItem");
}
