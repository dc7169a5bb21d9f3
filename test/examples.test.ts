import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RefusedRestoreStack } from '../examples/refused-restore-stack';
import { RestoreExampleStack } from '../examples/restore-example-stack';

/**
 * What the README's example promises, resource by resource. The whole template is pinned by the
 * integ snapshots (test/integ.*.snapshot); these assertions name what matters and why it fails.
 */
describe('the example app', () => {
  const stack = new RestoreExampleStack(new App(), 'RestoreExample', { env: { account: '123456789012', region: 'eu-west-1' } });
  const template = Template.fromStack(stack);

  /** The logical id of the one resource of `type` with these properties. */
  function logicalId(type: string, properties: Record<string, unknown>): string {
    const ids = Object.keys(template.findResources(type, { Properties: properties }));
    if (ids.length !== 1) {
      throw new Error(`expected one ${type} with ${JSON.stringify(properties)}, found ${ids.length}`);
    }
    return ids[0];
  }
  const bucket = logicalId('AWS::S3::Bucket', {});
  const objectArn = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${key}`]] });
  const closedToAll = { IpProtocol: 'icmp', CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' };

  test('passes the restore checks', () => {
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('two restores, each with its own preflight, sharing one preflight function', () => {
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 2);
    template.resourceCountIs('Custom::ElastiCacheRestorePreflight', 2);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('cdk-elasticache-restore preflight') }, 1);
  });

  describe('Orders: the nightly backup resized from 1 shard to 3', () => {
    const preflight = logicalId('Custom::ElastiCacheRestorePreflight', { Subject: 'RestoreExample/Orders/Resource' });

    test('restores the named backup into 3 even shards of cache.r6g.large with a replica each', () => {
      template.hasResource('AWS::ElastiCache::ReplicationGroup', {
        Properties: Match.objectLike({
          SnapshotName: 'orders-nightly-2026-11-01',
          Engine: 'redis',
          EngineVersion: '7.1',
          CacheNodeType: 'cache.r6g.large',
          ClusterMode: 'enabled',
          NumNodeGroups: 3,
          NodeGroupConfiguration: [
            { NodeGroupId: '0001', Slots: '0-5460', ReplicaCount: 1 },
            { NodeGroupId: '0002', Slots: '5461-10922', ReplicaCount: 1 },
            { NodeGroupId: '0003', Slots: '10923-16383', ReplicaCount: 1 },
          ],
          AutomaticFailoverEnabled: true,
          MultiAZEnabled: true,
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
          AuthToken: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:'])] }),
        }),
        DependsOn: Match.arrayWith([preflight]),
        DeletionPolicy: 'Snapshot',
      });
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7', Properties: { 'cluster-enabled': 'yes' } });
    });

    test('its preflight reads exactly that backup, for the target it will be restored into', () => {
      // The group as the template renders it, which the preflight reads with the Aspect's own reader.
      const group = template.toJSON().Resources[preflight].Properties.Group;
      expect(group).toMatchObject({ Engine: 'redis', EngineVersion: '7.1', CacheNodeType: 'cache.r6g.large', ClusterMode: 'enabled', NumNodeGroups: 3, SnapshotName: 'orders-nightly-2026-11-01' });
      template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', { Subject: 'RestoreExample/Orders/Resource', Region: 'eu-west-1' });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [{
            Action: 'elasticache:DescribeSnapshots',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:123456789012:snapshot:orders-nightly-2026-11-01']] },
          }],
        },
      });
    });

    test('in the isolated subnets behind a security group that lets nothing in or out', () => {
      template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
        Description: 'Subnets of RestoreExample/Orders',
        SubnetIds: [1, 2, 3].map((n) => ({ Ref: Match.stringLikeRegexp(`^VpcIsolatedSubnet${n}`) })),
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'Nodes of RestoreExample/Orders',
        SecurityGroupIngress: Match.absent(),
        SecurityGroupEgress: [Match.objectLike(closedToAll)],
      });
    });
  });

  describe('Sessions: a cluster seeded from two .rdb dumps', () => {
    const preflight = logicalId('Custom::ElastiCacheRestorePreflight', { Subject: 'RestoreExample/Sessions/Resource' });

    test('seeds both objects into Valkey 8.0 on the weighted 2:1:1 layout', () => {
      template.hasResource('AWS::ElastiCache::ReplicationGroup', {
        Properties: Match.objectLike({
          SnapshotArns: [objectArn('dumps/sessions-a.rdb'), objectArn('dumps/sessions-b.rdb')],
          SnapshotName: Match.absent(),
          Engine: 'valkey',
          EngineVersion: '8.0',
          CacheNodeType: 'cache.r7g.large',
          NumNodeGroups: 3,
          NodeGroupConfiguration: [
            { NodeGroupId: '0001', Slots: '0-8191', ReplicaCount: 1 },
            { NodeGroupId: '0002', Slots: '8192-12287', ReplicaCount: 1 },
            { NodeGroupId: '0003', Slots: '12288-16383', ReplicaCount: 1 },
          ],
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
        }),
        DependsOn: Match.arrayWith([preflight]),
        DeletionPolicy: 'Snapshot',
      });
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'valkey8', Properties: { 'cluster-enabled': 'yes' } });
    });

    test('its preflight grants ElastiCache read access, and may read and grant only the two objects', () => {
      const properties = template.toJSON().Resources[preflight].Properties;
      expect(properties.GrantAccess).toBe('true');
      expect(properties.Group).toMatchObject({ Engine: 'valkey', EngineVersion: '8.0', SnapshotArns: [objectArn('dumps/sessions-a.rdb'), objectArn('dumps/sessions-b.rdb')] });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObjectAcl'],
            Effect: 'Allow',
            Resource: [objectArn('dumps/sessions-a.rdb'), objectArn('dumps/sessions-b.rdb')],
          }]),
        },
      });
    });

    test('the dumps bucket is private, encrypted, TLS-only, retained, and takes object ACLs', () => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        }),
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });
});

describe('the example of a refused restore', () => {
  test('fails synth with the rule, the construct and the remedy', () => {
    const stack = new RefusedRestoreStack(new App(), 'RefusedRestore', { env: { account: '123456789012', region: 'eu-west-1' } });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue());
    expect(errors.map((error) => [error.id, error.entry.data])).toEqual([[
      '/RefusedRestore/Carts/Resource',
      expect.stringMatching(/^\[cluster-mode-downgrade\] backup 'carts-nightly-2026-11-01' comes from a cluster-mode-enabled group.*enable cluster mode/),
    ]]);
  });
});
