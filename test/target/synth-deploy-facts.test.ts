import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster, CfnParameterGroup, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  Authentication, BackupSource, ClusterMode, EngineVersion, NodeType, RdbSource, RestoredClusterBaseProps, RestoredReplicationGroup, RestorePreflight,
  SeededCluster, SlotLayout, TransitEncryptionMode,
} from '../../src';
import { cacheClusterFactsOf } from '../../src/checks/cache-cluster-facts';
import { restoreFactsOf } from '../../src/checks/replication-group-facts';
import { serverlessCacheFactsOf } from '../../src/checks/serverless-cache-facts';
import { main } from '../../src/cli/main';
import { RestoredClusterBase } from '../../src/constructs/restored-cluster-base';
import { targetOf } from '../../src/preflight/handler/check-restore';
import { PreflightProperties } from '../../src/preflight/properties';
import { AUX, key, RESIZEDB, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';
import { deployedProperties } from '../support/cloudformation';

type Configuration = Omit<RestoredClusterBaseProps, 'vpc'>;

const BASE: Configuration = { engineVersion: EngineVersion.REDIS_7_1, nodeType: NodeType.R7G_LARGE, clusterMode: ClusterMode.disabled() };

/** The shapes the construct tests build, and a few more. */
const CONFIGURATIONS: Array<[string, Partial<Configuration>]> = [
  ['the defaults', {}],
  ['no replicas', { clusterMode: ClusterMode.disabled({ replicas: 0 }) }],
  ['two replicas, placed', { clusterMode: ClusterMode.disabled({ replicas: 2, placement: { primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b', 'us-east-1c'] } }) }],
  ['3 even shards with 2 replicas', { clusterMode: ClusterMode.enabled({ shardCount: 3, replicasPerShard: 2 }) }],
  ['shards without replicas', { clusterMode: ClusterMode.enabled({ shardCount: 2, replicasPerShard: 0 }) }],
  ['a custom layout with placements', {
    clusterMode: ClusterMode.enabled({
      slotLayout: SlotLayout.fromRanges([['0-99', '8000-16383'], ['100-7999']]),
      placements: [{ primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'] }],
    }),
  }],
  ['a weighted layout and 40% reserved memory', { clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.weighted([2, 1]) }), reservedMemoryPercent: 40 }],
  ['reserved memory without cluster mode', { reservedMemoryPercent: 10 }],
  ['a parameter group of its own', { parameterGroupName: 'default.redis7.cluster.on', clusterMode: ClusterMode.enabled() }],
  ['data tiering', { nodeType: NodeType.R6GD_XLARGE }],
  ['Valkey', { engineVersion: EngineVersion.VALKEY_8_0, clusterMode: ClusterMode.enabled({ shardCount: 4 }) }],
  ['an unlisted node type and an engine with its own RDB limit', {
    nodeType: NodeType.of('cache.tiny.x', 64 * 1024), engineVersion: EngineVersion.redis('7.1', { maxRdbVersion: 12 }),
  }],
  ['Multi-AZ off, another port', { multiAz: false, port: 6380 }],
  ['RBAC user groups, TLS preferred', { authentication: Authentication.userGroups(['orders-users']), transitEncryptionMode: TransitEncryptionMode.PREFERRED }],
  ['no authentication, no TLS', { authentication: Authentication.none(), transitEncryption: false }],
];

function synthesize(make: (stack: Stack, vpc: ec2.IVpc) => RestoredClusterBase) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const group = make(stack, new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0 }));
  // A plan's estimates are the construct's, not the group's: the deploy-time memory check has the scan.
  const { plannedShardBytes, ...synthTime } = restoreFactsOf(group.resource, () => undefined)!.target;
  const deployed = deployedProperties(stack, 'Custom::ElastiCacheRestorePreflight') as unknown as PreflightProperties;
  return { stack, synthTime, deployed, deployTime: targetOf(deployed, () => undefined) };
}

describe('synth-time and deploy-time target facts are the same', () => {
  test.each(CONFIGURATIONS)('RestoredReplicationGroup: %s', (_, configuration) => {
    const { synthTime, deployTime } = synthesize((stack, vpc) => new RestoredReplicationGroup(stack, 'Cache', {
      vpc, backup: BackupSource.fromSnapshotName('nightly'), ...BASE, ...configuration,
    }));
    expect(deployTime).toEqual(synthTime);
    // Every fact the construct decides is known at synth time.
    expect(synthTime).toMatchObject({ engineVersion: expect.anything(), nodeType: expect.anything(), clusterModeEnabled: expect.any(Boolean) });
  });

  test.each(CONFIGURATIONS)('SeededCluster: %s', (_, configuration) => {
    const { synthTime, deployTime } = synthesize((stack, vpc) => new SeededCluster(stack, 'Cache', {
      vpc, source: RdbSource.fromArns(['arn:aws:s3:::seeds/a.rdb']), ...BASE, ...configuration,
    }));
    expect(deployTime).toEqual(synthTime);
  });

  test('the preflight carries whether there is an AUTH token, never the token', () => {
    const { synthTime, deployed, deployTime } = synthesize((stack, vpc) => new RestoredReplicationGroup(stack, 'Cache', {
      vpc, backup: BackupSource.fromSnapshotName('nightly'), ...BASE, authentication: Authentication.token(SecretValue.secretsManager('orders-auth')),
    }));
    expect(deployTime).toEqual(synthTime);
    expect(deployTime.authentication).toEqual({ authToken: true, userGroups: false, transitEncryption: true });
    expect(JSON.stringify(deployed)).not.toContain('orders-auth');
  });

  test('a KMS key and an override the construct does not know about', () => {
    const { synthTime, deployTime } = synthesize((stack, vpc) => {
      const group = new RestoredReplicationGroup(stack, 'Cache', {
        vpc, backup: BackupSource.fromSnapshotName('nightly'), ...BASE, kmsKey: new kms.Key(stack, 'Key'),
      });
      group.resource.addPropertyOverride('NumCacheClusters', 3);
      return group;
    });
    expect(deployTime).toEqual(synthTime);
    expect(deployTime.replicasPerShard).toBe(2);
  });

  describe('with a plan file and a facts file, written by the command line', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-deploy-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs the command line on a one-key .rdb file called `name`; returns what it printed. */
    async function cli(name: string, ...args: string[]): Promise<string> {
      const rdb = path.join(dir, name);
      fs.writeFileSync(rdb, rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), AUX('used-mem', '1048576'), SELECTDB(0), RESIZEDB(1, 0), key(0, 'foo', str('bar'))]));
      let stdout = '';
      const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => undefined }, stdin: (async function* () {})() };
      expect(await main([args[0], rdb, ...args.slice(1)], io)).toBe(0);
      return stdout;
    }

    test.each<[string, string, RegExp[]]>([
      ['planned for the seeded file', 'a.rdb', []],
      ['planned for another file', 'b.rdb', [/^\[slot-coverage\] the slot layout was planned for .*\/b\.rdb, but the restore reads .*\/a\.rdb \(\d+ bytes\)/]],
    ])('%s: the same facts, and the synth-time checks match the plan to the facts file', async (_, plannedFile, errors) => {
      const plan = path.join(dir, `${plannedFile}.plan.json`);
      await cli(plannedFile, 'plan', '--shards', '2', '--out', plan);
      const facts = path.join(dir, 'facts.json');
      fs.writeFileSync(facts, await cli('a.rdb', 'inspect', '--json'));
      const { stack, synthTime, deployTime } = synthesize((scope, vpc) => new SeededCluster(scope, 'Cache', {
        vpc,
        ...BASE,
        source: RdbSource.fromArns(['arn:aws:s3:::seeds/dumps/a.rdb'], { factsFile: facts }),
        clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.fromPlanFile(plan) }),
      }));
      expect(deployTime).toEqual(synthTime);
      expect(synthTime.plannedFor).toEqual([{ name: path.join(dir, plannedFile) }]);
      const found = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((error) => String(error.entry.data));
      expect(found).toEqual(errors.map((pattern) => expect.stringMatching(pattern)));
    });
  });
});

describe('raw cache clusters and serverless caches: synth-time and deploy-time target facts are the same', () => {
  function synthesizeRaw(make: (stack: Stack) => CfnCacheCluster | CfnServerlessCache) {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const resource = make(stack);
    const quiet = () => undefined;
    const synthTime = (resource instanceof CfnCacheCluster ? cacheClusterFactsOf(resource, quiet) : serverlessCacheFactsOf(resource, quiet)).target;
    const deployed = deployedProperties(stack, 'Custom::ElastiCacheRestorePreflight') as unknown as PreflightProperties;
    return { synthTime, deployTime: targetOf(deployed, () => undefined) };
  }

  test.each<[string, (stack: Stack) => CfnCacheCluster]>([
    ['restoring a backup', (stack) => new CfnCacheCluster(stack, 'Node', {
      engine: 'redis', engineVersion: '7.1', cacheNodeType: 'cache.r7g.large', numCacheNodes: 1, snapshotName: 'nightly',
    })],
    ['seeded, with a parameter group of the stack', (stack) => new CfnCacheCluster(stack, 'Node', {
      engine: 'valkey',
      engineVersion: '8.0',
      cacheNodeType: 'cache.r6gd.xlarge',
      numCacheNodes: 1,
      snapshotArns: ['arn:aws:s3:::seeds/a.rdb'],
      cacheParameterGroupName: new CfnParameterGroup(stack, 'Params', { cacheParameterGroupFamily: 'valkey8', description: 'p', properties: { 'reserved-memory-percent': '40' } }).ref,
    })],
  ])('CfnCacheCluster %s', (_, make) => {
    const { synthTime, deployTime } = synthesizeRaw((stack) => {
      const cluster = make(stack);
      RestorePreflight.forCacheCluster(cluster);
      return cluster;
    });
    expect(deployTime).toEqual(synthTime);
    expect(synthTime).toMatchObject({ resource: 'cache-cluster', engineVersion: expect.anything(), nodeType: expect.anything(), clusterModeEnabled: false });
  });

  test.each<[string, string, string]>([['Valkey 8', 'valkey', '8'], ['Redis OSS 7', 'redis', '7']])('CfnServerlessCache %s', (_, engine, major) => {
    const { synthTime, deployTime } = synthesizeRaw((stack) => {
      const cache = new CfnServerlessCache(stack, 'Serverless', {
        engine, serverlessCacheName: 'seeded', majorEngineVersion: major, snapshotArnsToRestore: ['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb'],
      });
      RestorePreflight.forServerlessCache(cache);
      return cache;
    });
    expect(deployTime).toEqual(synthTime);
    expect(synthTime).toMatchObject({ resource: 'serverless-cache', engineVersion: expect.anything(), clusterModeEnabled: true, snapshotArnCount: 2, seededFromArns: true });
  });
});
