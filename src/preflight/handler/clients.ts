import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * An S3 client. The SDK reads `AWS_ENDPOINT_URL_S3` (or `AWS_ENDPOINT_URL`) itself; an endpoint
 * override means a local server, which serves buckets by path, not by host name.
 */
export function s3Client(): S3Client {
  const overridden = Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
  return new S3Client({ forcePathStyle: overridden, followRegionRedirects: true });
}

/** An ElastiCache client for the group's Region; the SDK reads `AWS_ENDPOINT_URL_ELASTICACHE` itself. */
export function elastiCacheClient(region: string): ElastiCacheClient {
  return new ElastiCacheClient({ region });
}
