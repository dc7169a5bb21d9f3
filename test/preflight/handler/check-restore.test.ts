import { DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { checkRestore } from '../../../src/preflight/handler/check-restore';
import { Deadline } from '../../../src/preflight/handler/deadline';
import { PreflightProperties, ScanMode } from '../../../src/preflight/properties';

const elastiCache = mockClient(ElastiCacheClient);
afterAll(() => elastiCache.restore());

const RESTORE: PreflightProperties = {
  Subject: 'Stack/Cache/Resource',
  Mode: ScanMode.FULL,
  Region: 'us-east-1',
  Group: { Engine: 'redis', EngineVersion: '7.1', CacheNodeType: 'cache.r7g.large', NumCacheClusters: '2', SnapshotName: 'nightly' },
  SnapshotArn: 'arn:aws:elasticache:us-east-1:111111111111:snapshot:nightly',
};

const deadline = Deadline.in(60_000);
afterAll(() => deadline.dispose());
const check = () => checkRestore(RESTORE, { deadline, timeoutSeconds: 900, log: () => undefined });

test.each([
  ['a denied call', Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
    'backup \'nightly\' could not be checked: the preflight role lacks elasticache:DescribeSnapshots on arn:aws:elasticache:us-east-1:111111111111:snapshot:nightly.'],
  ['a throttled call', Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }),
    'backup \'nightly\' could not be checked: DescribeSnapshots of arn:aws:elasticache:us-east-1:111111111111:snapshot:nightly failed: Throttling: Rate exceeded.'],
])('a backup lookup that fails (%s) is a preflight-incomplete error, not a verdict on the backup', async (_, error, message) => {
  elastiCache.reset();
  elastiCache.on(DescribeSnapshotsCommand).rejects(error);
  await expect(check()).resolves.toEqual([{ rule: 'preflight-incomplete', severity: 'error', message }]);
});
