// Bundled alone by bench/cold-start.ts to time what requiring the S3 client costs at module init.
export { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
