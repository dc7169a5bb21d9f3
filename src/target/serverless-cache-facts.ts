import { PropertyReader, RenderedGroup, Unknown } from './target-facts';
import { EngineVersion } from '../model/engine-version';
import { TargetFacts } from '../rules/facts';

/**
 * The engine a serverless cache of a major version runs: serverless caches take minor versions as they
 * come, so the newest this library lists for the major.
 */
const SERVERLESS_ENGINES: Record<string, Record<string, EngineVersion>> = {
  redis: { 7: EngineVersion.REDIS_7_1 },
  valkey: { 7: EngineVersion.VALKEY_7_2, 8: EngineVersion.VALKEY_8_2, 9: EngineVersion.VALKEY_9_1 },
};

/**
 * The rules' facts about an `AWS::ElastiCache::ServerlessCache` restore: cluster mode with database 0
 * only, no nodes or shards to choose, seeded from the `.rdb` ARNs (or serverless snapshots) of
 * SnapshotArnsToRestore. The one reading of its rendered properties, for the Aspect and the preflight alike.
 */
export function serverlessCacheTargetFactsOf(cache: RenderedGroup, unknown: Unknown): TargetFacts {
  const read = new PropertyReader(unknown);
  const properties = cache.properties;
  const arns = read.list('SnapshotArnsToRestore', properties.SnapshotArnsToRestore);
  return {
    resource: 'serverless-cache',
    engineVersion: engineOf(properties, read),
    clusterModeEnabled: true,
    region: cache.region,
    seededFromArns: arns === undefined ? undefined : arns.some((arn) => typeof arn !== 'string' || /^arn:aws[a-z-]*:s3:::/.test(arn)),
    snapshotArnCount: arns?.length,
  };
}

function engineOf(properties: Record<string, unknown>, read: PropertyReader): EngineVersion | undefined {
  const engine = read.string('Engine', properties.Engine)?.toLowerCase();
  if (properties.MajorEngineVersion === undefined) {
    read.unknown('MajorEngineVersion is not set (ElastiCache picks the latest), so the engine version is unknown');
    return undefined;
  }
  const major = read.string('MajorEngineVersion', properties.MajorEngineVersion);
  if (engine === undefined || major === undefined) return undefined;
  const version = SERVERLESS_ENGINES[engine]?.[major];
  if (!version) read.unknown(`${engine} ${major} is not an engine version this library knows for serverless caches`);
  return version;
}
