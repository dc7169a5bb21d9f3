import { S3ObjectFacts } from './facts';

/** `s3://bucket/key`. */
export function s3Uri(s3: S3ObjectFacts): string {
  return `s3://${s3.bucket}/${s3.key}`;
}
