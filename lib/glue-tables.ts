import { Stack } from "aws-cdk-lib";
import { CfnDatabase, CfnTable } from "aws-cdk-lib/aws-glue";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { tablePrefix } from "../training/dedupe-batch/definition.ts";
import { PARTITION_TYPES, TABLES, type TableName } from "../training/dedupe-batch/sql.ts";

const FORMATS = {
  parquet: {
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serdeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
  },
  json: {
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serdeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
  },
} as const;

/**
 * Tables written by the Lambda functions or by `npm run dedupe:start` (the catalog snapshot), not by
 * Athena's INSERT, whose `run` partitions Athena finds by partition projection instead of Glue
 * partitions.
 */
export const PROJECTED_TABLES: readonly TableName[] = ["records", "knn_hits", "scores", "repaired"];

/**
 * The Glue database and one table per entry of TABLES (training/dedupe-batch/sql.ts), each under
 * `s3://<bucket>/tables/<name>/`, Parquet or JSON lines, partitioned as the stages write them.
 */
export function glueTables(scope: Construct, bucket: IBucket, databaseName: string): CfnDatabase {
  const stack = Stack.of(scope);
  const database = new CfnDatabase(scope, "Database", {
    catalogId: stack.account,
    databaseInput: { name: databaseName, description: "sr-match batch dedupe (issue 12)" },
  });
  for (const [name, table] of Object.entries(TABLES)) {
    const location = `s3://${bucket.bucketName}/${tablePrefix(name)}`;
    const projected = PROJECTED_TABLES.includes(name as TableName);
    const cfn = new CfnTable(scope, `Table-${name}`, {
      catalogId: stack.account,
      databaseName,
      tableInput: {
        name,
        tableType: "EXTERNAL_TABLE",
        parameters: {
          classification: table.format,
          ...(table.format === "json" && { "write.compression": "NONE" }),
          ...("compression" in table && { "parquet.compression": table.compression }),
          ...(projected && {
            "projection.enabled": "true",
            "projection.run.type": "integer",
            "projection.run.range": "0,99999999",
            "storage.location.template": `${location}run=\${run}/`,
          }),
        },
        partitionKeys: table.partitions.map((p) => ({ name: p, type: PARTITION_TYPES[p] })),
        storageDescriptor: {
          location,
          columns: table.columns.map(([n, t]) => ({ name: n, type: t })),
          ...FORMATS[table.format],
        },
      },
    });
    cfn.node.addDependency(database);
  }
  return database;
}
