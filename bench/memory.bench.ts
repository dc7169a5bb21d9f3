/**
 * `npm run bench:memory`: how close the memory model comes to real clusters, on every engine
 * server this machine has (Debian's redis-server 7.0 and `../shared/servers`).
 *
 * For each engine and dataset (see `DATASETS`): writes the data with that server, scans the saved
 * .rdb, plans N = 1, 3 and 5 shards balanced by estimated memory, builds each shard as a real
 * cluster node holding exactly its keys, reloads it, and prints predicted / actual `used_memory`
 * per shard. Then the worst ratio per engine and, for N > 1, the fullest shard's actual memory
 * under the memory-balanced plan, a byte-balanced plan and `SlotLayout.even`.
 *
 * Not a test: it prints figures and asserts nothing. ENGINES=redis-server-7.0,valkey-server-8.1,
 * DATASETS=hashes,hot-tag and SHARDS=1,3 narrow a run; SCALE=0.5 shrinks every dataset.
 */
import * as fs from 'fs';
import { DataSpread } from '../src/memory/data-spread';
import { SlotLayout, SlotRange } from '../src/model/slots';
import { balancedPartition } from '../src/plan/linear-partition';
import { scanRdb } from '../src/rdb';
import { DATASETS, engineServers, measureShards, populate, startSource } from '../test/support/real-shards';

const pick = (name: string, all: string[]) => (process.env[name] ? process.env[name]!.split(',') : all);
const SCALE = Number(process.env.SCALE ?? 1);
const SHARD_COUNTS = pick('SHARDS', ['1', '3', '5']).map(Number);
const MIB = 2 ** 20;

async function main(): Promise<void> {
  const servers = engineServers().filter((server) => pick('ENGINES', engineServers().map((s) => s.name)).includes(server.name));
  const datasets = pick('DATASETS', Object.keys(DATASETS));
  const worst = new Map<string, number[]>();
  const balancing: string[] = [];
  for (const server of servers) {
    for (const dataset of datasets) {
      const source = await startSource(server);
      try {
        const { script, items } = DATASETS[dataset];
        await populate(source, script, Math.round(items * SCALE));
        const rdb = await source.save();
        const report = await scanRdb(fs.createReadStream(rdb), { file: rdb, memoryProfiles: [server.profile] });
        const spread = DataSpread.fromReports([{ file: rdb, report }], server.profile);
        if (!('spread' in spread)) throw new Error(spread.unknown);
        const weights = spread.spread.slotWeights()!;
        for (const shards of SHARD_COUNTS) {
          const byMemory = layoutOf(balancedPartition(weights, shards));
          const predicted = spread.spread.perShard(byMemory);
          const actual = await measureShards(server, source, byMemory.shards);
          const ratios = predicted.map((bytes, i) => bytes / actual[i]);
          worst.set(server.name, [...worst.get(server.name) ?? [], ...ratios]);
          console.log(`${server.name.padEnd(18)} ${dataset.padEnd(14)} N=${shards} ${(report.bytes / MIB).toFixed(1).padStart(6)} MiB file  `
            + ratios.map((ratio, i) => `${(actual[i] / MIB).toFixed(1)} MiB ×${ratio.toFixed(3)}`).join('  '));
          if (shards > 1 && dataset === 'hot-tag') {
            const byBytes = layoutOf(balancedPartition(report.slots!.bytes, shards));
            const fullest = async (layout: SlotLayout) => Math.max(...await measureShards(server, source, layout.shards));
            const [memoryFullest, bytesFullest, evenFullest] = [Math.max(...actual), await fullest(byBytes), await fullest(SlotLayout.even(shards))];
            balancing.push(`${server.name.padEnd(18)} N=${shards}: fullest shard ${(memoryFullest / MIB).toFixed(1)} MiB balanced by memory, `
              + `${(bytesFullest / MIB).toFixed(1)} MiB by bytes (${percentBelow(memoryFullest, bytesFullest)}), ${(evenFullest / MIB).toFixed(1)} MiB even (${percentBelow(memoryFullest, evenFullest)})`);
          }
        }
      } finally {
        await source.stop();
      }
    }
  }
  console.log('\nWorst predicted / actual per engine:');
  for (const [name, ratios] of worst) {
    console.log(`  ${name.padEnd(18)} ${Math.min(...ratios).toFixed(3)} – ${Math.max(...ratios).toFixed(3)} over ${ratios.length} shards`);
  }
  if (balancing.length > 0) console.log(`\nThe skewed dataset (hot-tag):\n  ${balancing.join('\n  ')}`);
}

function layoutOf(ends: number[]): SlotLayout {
  return SlotLayout.fromSlotRanges(ends.map((end, i) => [SlotRange.of(i === 0 ? 0 : ends[i - 1], end - 1)]));
}

function percentBelow(value: number, reference: number): string {
  return `${Math.round((1 - value / reference) * 100)}% less`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
