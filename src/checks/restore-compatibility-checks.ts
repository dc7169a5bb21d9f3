import { Annotations, AspectPriority, Aspects, CfnResource, IAspect } from 'aws-cdk-lib';
import { CfnCacheCluster, CfnReplicationGroup, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { IConstruct } from 'constructs';
import { cacheClusterFactsOf, cacheClusterRestoresData } from './cache-cluster-facts';
import { Debug, restoreFactsOf } from './replication-group-facts';
import { serverlessCacheFactsOf, serverlessCacheRestoresData } from './serverless-cache-facts';
import { evaluateRules, RestoreFacts } from '../rules';
import { acknowledgeFinding } from '../target/attached-facts';

// A construct's checks and the user's may both visit a resource, and two copies of the library may
// both be installed: the marks are properties keyed by Symbol.for (aws-cdk-lib's idiom).
/** On a resource: it was checked. */
const CHECKED = Symbol.for('cdk-elasticache-restore.RestoreCompatibilityChecks.checked');
/** On an instance of the checks: whether it is verbose. */
const VERBOSE = Symbol.for('cdk-elasticache-restore.RestoreCompatibilityChecks.verbose');

interface CheckedResource {
  [CHECKED]?: boolean;
}

interface ChecksInstance {
  [VERBOSE]?: boolean;
}

/**
 * Options for `RestoreCompatibilityChecks`.
 */
export interface RestoreCompatibilityChecksProps {
  /**
   * Also report, as info annotations, each check that could not run at synth time because a fact
   * is not known until deploy time (the preflight checks those).
   *
   * @default false
   */
  readonly verbose?: boolean;
}

/**
 * Refuses at `cdk synth` the restores that ElastiCache would accept and then fail.
 *
 * It visits every `CfnReplicationGroup` that restores data (`SnapshotName` or `SnapshotArns`),
 * including those inside `RestoredReplicationGroup` and `SeededCluster`, every single-node
 * `CfnCacheCluster` that does, and every `CfnServerlessCache` with `SnapshotArnsToRestore`; it reads
 * what their properties and a construct's declared source facts say, and runs the restore rules over them. An error
 * becomes an error annotation, which fails `cdk synth`; a warning becomes a warning annotation with
 * the id `cdk-elasticache-restore:<rule>`, which `Annotations.of(scope).acknowledgeWarning(id)`
 * silences. Every message starts with the rule id, e.g. `[single-database]`.
 *
 * Each resource is checked once, however many instances visit it; it is checked verbosely when any
 * instance added to it or above it is verbose.
 *
 * @example
 * Aspects.of(app).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
 */
export class RestoreCompatibilityChecks implements IAspect {
  /**
   * Adds the checks to `scope` and what it contains, unless it has them already, with the
   * read-only priority so that they see what mutating Aspects did. Restore constructs call this
   * on themselves.
   *
   * @param scope the construct to check
   */
  public static applyTo(scope: IConstruct): void {
    if (Aspects.of(scope).all.some((aspect) => VERBOSE in aspect)) return;
    Aspects.of(scope).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
  }

  /**
   * Accepts the error findings of one rule on a restore, for a reason you state: at synth and
   * deploy time they become warnings that carry it. Use it when you know better than the check,
   * e.g. a `memory-fit` estimate for data you know compresses in memory.
   *
   * @param resource the restore the findings are about: a `CfnReplicationGroup`, `CfnCacheCluster` or `CfnServerlessCache`
   * @param rule the rule id, e.g. `memory-fit`
   * @param reason why the restore is safe all the same
   */
  public static acknowledge(resource: CfnResource, rule: string, reason: string): void {
    const restoring = [CfnReplicationGroup, CfnCacheCluster, CfnServerlessCache].map((type) => type.CFN_RESOURCE_TYPE_NAME);
    if (!restoring.includes(resource.cfnResourceType)) {
      throw new Error(`${resource.node.path}: the checks judge restores of AWS::ElastiCache::ReplicationGroup, CacheCluster and ServerlessCache, not ${resource.cfnResourceType}; acknowledge the rule on the restoring resource.`);
    }
    acknowledgeFinding(resource, rule, reason);
  }

  /**
   * @param props options
   */
  constructor(props: RestoreCompatibilityChecksProps = {}) {
    Object.defineProperty(this, VERBOSE, { value: props.verbose ?? false });
  }

  /**
   * Checks `node` when it is a replication group, cache cluster or serverless cache that restores
   * data and was not checked yet.
   */
  public visit(node: IConstruct): void {
    if ((node as CheckedResource)[CHECKED]) return;
    const annotations = Annotations.of(node);
    let verbose: boolean | undefined;
    const debug = (message: string) => {
      verbose ??= checkedVerbosely(node);
      if (verbose) annotations.addInfo(message);
    };
    const facts = restoreFactsOfResource(node, debug);
    if (!facts) return;
    (node as CheckedResource)[CHECKED] = true;
    for (const finding of evaluateRules(facts, { debug })) {
      const message = `[${finding.rule}] ${finding.message}`;
      if (finding.severity === 'error') {
        annotations.addError(message);
      } else {
        annotations.addWarningV2(`cdk-elasticache-restore:${finding.rule}`, message);
      }
    }
  }
}

/** Whether any instance of the checks added to `node` or a scope above it is verbose. */
function checkedVerbosely(node: IConstruct): boolean {
  return node.node.scopes.some((scope) => Aspects.of(scope).all.some((aspect) => (aspect as ChecksInstance)[VERBOSE] === true));
}

/** The rules' facts about a resource that restores data, read by its type; undefined for anything else. */
function restoreFactsOfResource(node: IConstruct, debug: Debug): RestoreFacts | undefined {
  if (node instanceof CfnReplicationGroup) return restoreFactsOf(node, debug);
  if (node instanceof CfnCacheCluster) return cacheClusterRestoresData(node) ? cacheClusterFactsOf(node, debug) : undefined;
  if (node instanceof CfnServerlessCache) return serverlessCacheRestoresData(node) ? serverlessCacheFactsOf(node, debug) : undefined;
  return undefined;
}
