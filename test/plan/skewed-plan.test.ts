import * as fs from 'fs';
import { bytesPerShard } from './reports';
import { writeSkewedDataset } from './skewed-dataset';
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

  test.each([2, 3, 4, 6])('with %p shards the fullest shard holds measurably less than under the even split', (shards) => {
    const plan = planSlots([report], { shards });
    const histogram = report.slots!.bytes;
    const planned = Math.max(...bytesPerShard(histogram, plan.layout.shards));
    const even = Math.max(...bytesPerShard(histogram, SlotLayout.even(shards).shards));
    expect(planned).toBe(Math.max(...plan.shards.map((shard) => shard.bytes)));
    expect(planned).toBeLessThan(even * 0.9);
  });

  test('estimates memory from the used-mem redis-server wrote', () => {
    const plan = planSlots([report], { shards: 3 });
    const usedMem = Number(report.aux['used-mem']);
    expect(usedMem).toBeGreaterThan(0);
    const estimates = plan.shards.map((shard) => shard.estimatedMemoryBytes!);
    // Each estimate is rounded up by less than a byte.
    expect(estimates.reduce((a, b) => a + b, 0) - usedMem).toBeGreaterThanOrEqual(0);
    expect(estimates.reduce((a, b) => a + b, 0) - usedMem).toBeLessThan(3);
    expect(plan.recommendations.map((r) => r.fit?.nodeType.name)).toEqual(['cache.r7g.large', 'cache.m7g.large', 'cache.t4g.micro', 'cache.r6gd.xlarge']);
  });
});
