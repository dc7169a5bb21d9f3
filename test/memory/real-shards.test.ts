import * as fs from 'fs';
import { planSlots } from '../../src/plan/plan-slots';
import { scanRdb } from '../../src/rdb';
import { DATASETS, EngineServer, engineServers, measureShards, populate, SHARED_SERVERS, startSource } from '../support/real-shards';
import { RedisServer } from '../support/redis-server';

/** Some of every dataset, so that one file holds every kind of value. */
const MIXED = Object.entries(DATASETS).map(([name, { script, items }]) => ({ name, script, items: Math.ceil(items / 12) }));

/**
 * The estimate a plan gives each of 3 shards, against the `used_memory` of real cluster nodes that
 * hold exactly those shards' keys. Skipped without the server, except with CI=true.
 */
function describeOnServer(name: string, where: string, body: (server: () => EngineServer) => void): void {
  const server = engineServers().find((candidate) => candidate.name === name);
  if (server) {
    describe(`3 shards on ${name}`, () => body(() => server));
  } else if (process.env.CI === 'true') {
    test(`${name} is installed`, () => {
      throw new Error(`${name} is missing from ${where}; the memory estimate must be checked against it.`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping the memory check on ${name}: it is not in ${where}.`);
  }
}

for (const [name, where] of [['redis-server-7.0', 'the Debian package redis-server'], ['valkey-server-8.1', SHARED_SERVERS]]) {
  describeOnServer(name, where, (server) => {
    let source: RedisServer;
    beforeAll(async () => {
      source = await startSource(server());
      for (const { script, items } of MIXED) await populate(source, script, items);
    }, 60_000);
    afterAll(() => source?.stop());

    test('every shard\'s estimate is within 5% of its used_memory', async () => {
      const rdb = await source.save();
      const report = await scanRdb(fs.createReadStream(rdb), { file: rdb, memoryProfiles: [server().profile] });
      const plan = planSlots([report], { shardCount: 3, profile: server().profile });
      const actual = await measureShards(server(), source, plan.layout.shards);
      const ratios = plan.shards.map((shard, i) => shard.estimatedMemoryBytes / actual[i]);
      for (const ratio of ratios) {
        expect(ratio).toBeGreaterThan(0.95);
        expect(ratio).toBeLessThan(1.05);
      }
      // The data, not the empty nodes, must dominate, or the check would say little.
      expect(Math.min(...actual)).toBeGreaterThan(2 * server().profile.emptyNodeBytes);
    }, 60_000);
  });
}
