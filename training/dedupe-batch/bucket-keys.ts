import { paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";

/** The keys under a prefix of a bucket, in the order S3 lists them (key order), every page read. */
export async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
  return keys;
}

/** The "folders" one level under a prefix (`prefix/x/`, S3's common prefixes at `/`), every page read. */
export async function foldersUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  const input = { Bucket: bucket, Prefix: prefix, Delimiter: "/" };
  for await (const page of paginateListObjectsV2({ client: s3 }, input))
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix);
  return folders;
}
