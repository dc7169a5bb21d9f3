// Shared by the integ.*.ts tests; not named integ.* so integ-runner does not take it for one.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { RestoredClusterBase } from '../src/constructs/restored-cluster-base';

/**
 * An integ test of one restored group: deployed, ElastiCache must report it available, sharded,
 * on `nodeType`, with exactly the slots the construct rendered, and an AUTH token over TLS.
 */
export function expectRestoredGroup(app: App, id: string, stack: Stack, group: RestoredClusterBase, nodeType: string, slots: string[]): void {
  const integ = new IntegTest(app, id, {
    testCases: [stack],
    // The preflight's asset hash changes with every handler change; the snapshot is about the template.
    diffAssets: false,
    // A restore is create-only: deploying the committed snapshot first would only restore twice.
    stackUpdateWorkflow: false,
  });

  integ.assertions.awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: group.resource.ref })
    .expect(ExpectedResult.objectLike({
      ReplicationGroups: [{
        Status: 'available',
        ClusterEnabled: true,
        CacheNodeType: nodeType,
        // The default authentication: a generated AUTH token over TLS.
        TransitEncryptionEnabled: true,
        AuthTokenEnabled: true,
        NodeGroups: slots.map((slot) => ({ Slots: slot })),
      }],
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) });
}
