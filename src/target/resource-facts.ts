import { cacheClusterTargetFactsOf } from './cache-cluster-facts';
import { CACHE_CLUSTER, SERVERLESS_CACHE } from './group-properties';
import { serverlessCacheTargetFactsOf } from './serverless-cache-facts';
import { RenderedGroup, targetFactsOf, Unknown } from './target-facts';
import { TargetFacts } from '../rules/facts';

/** The target facts of a resource of the given CloudFormation type: each type has its one reading. */
export function resourceTargetFactsOf(resourceType: string, rendered: RenderedGroup, unknown: Unknown): TargetFacts {
  if (resourceType === CACHE_CLUSTER) return cacheClusterTargetFactsOf(rendered, unknown);
  if (resourceType === SERVERLESS_CACHE) return serverlessCacheTargetFactsOf(rendered, unknown);
  return targetFactsOf(rendered, unknown);
}
