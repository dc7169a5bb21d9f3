import * as fs from 'fs';
import { bytesPerShard } from './reports';
import { writeSkewedDataset } from './skewed-dataset';
import { MemoryProfile } from '../../src/memory/memory-profile';
import { SlotLayout } from '../../src/model/slots';
import { planSlots } from '../../src/plan/plan-slots';
import { FileReport, keySlot, scanRdb } from '../../src/rdb';
import { describeWithRedisServer, RedisServer } from '../support/redis-server';

describeWithRedisServer('planning a skewed dataset written by redis-server', () => {
  let server: RedisServer;
  let report: FileReport;
  beforeAll(async () => {
    server = await RedisServer.start();
    const rdb = await writeSkewedDataset(server);
    report = await scanRdb(fs.createReadStream(rdb), { file: rdb });
  });
  afterAll(() => server?.stop());

  test('the {hot} slot holds about a third of the bytes', () => {
    const bytes = report.slots!.bytes;
    const total = bytes.reduce((a, b) => a + b, 0);
    expect(bytes[keySlot(Buffer.from('{hot}'))] / total).toBeCloseTo(1 / 3, 1);
  });

  test.each([2, 3, 4, 6])('with %p shards the fullest shard holds measurably less than under the even split', (shardCount) => {
    const plan = planSlots([report], { shardCount });
    const histogram = report.slots!.bytes;
    const planned = Math.max(...bytesPerShard(histogram, plan.layout.shards));
    const even = Math.max(...bytesPerShard(histogram, SlotLayout.even(shardCount).shards));
    expect(planned).toBe(Math.max(...plan.shards.map((shard) => shard.bytes)));
    expect(planned).toBeLessThan(even * 0.9);
  });

  test('estimates every shard above an empty node, and names the node types that hold the fullest', () => {
    const plan = planSlots([report], { shardCount: 3, profile: MemoryProfile.REDIS_7_0 });
    const estimates = plan.shards.map((shard) => shard.estimatedMemoryBytes);
    expect(Math.min(...estimates)).toBeGreaterThan(MemoryProfile.REDIS_7_0.emptyNodeBytes);
    expect(plan.evenSplitFullestMemoryBytes).toBeGreaterThan(Math.max(...estimates));
    expect(plan.recommendations.map((r) => r.fit?.nodeType.name)).toEqual(['cache.r7g.large', 'cache.m7g.large', 'cache.t4g.micro', 'cache.r6gd.xlarge']);
  });
});
