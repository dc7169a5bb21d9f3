/**
 * Real cluster shards to check memory estimates against: every engine server on this machine,
 * datasets written by them, and shards that each hold exactly their planned keys.
 *
 * A shard is a `--cluster-enabled yes` node that owns its slot ranges (`CLUSTER ADDSLOTSRANGE`)
 * and receives its keys from the source server with `MIGRATE … COPY` (DUMP/RESTORE under the
 * hood, TTLs kept); `DEBUG RELOAD` then saves and reloads it, as a restore loads a file, and its
 * `used_memory`, once settled, is what an estimate is checked against. Nodes run with a maxmemory and
 * `volatile-lru`, as ElastiCache's do, so no value is a shared integer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RedisServer, REDIS_SERVER } from './redis-server';
import { MemoryProfile } from '../../src/memory/memory-profile';
import { SlotRange } from '../../src/model/slots';
import { keySlot } from '../../src/rdb/key-slot';

/** `../shared/servers` beside the project: Redis 7.2/7.4 and Valkey 8.0/8.1/9.0 builds. */
export const SHARED_SERVERS = path.resolve(__dirname, '../../../shared/servers');

/** A server binary and the profile that models it. */
export interface EngineServer {
  readonly name: string;
  readonly binary: string;
  readonly profile: MemoryProfile;
}

/** Every engine server this machine has: Debian's redis-server (7.0) and those in `../shared/servers`. */
export function engineServers(): EngineServer[] {
  const shared = (file: string, profile: MemoryProfile): EngineServer[] => {
    const binary = path.join(SHARED_SERVERS, file);
    return fs.existsSync(binary) ? [{ name: file, binary, profile }] : [];
  };
  return [
    ...(fs.existsSync(REDIS_SERVER) ? [{ name: 'redis-server-7.0', binary: REDIS_SERVER, profile: MemoryProfile.REDIS_7_0 }] : []),
    ...shared('redis-server-7.2', MemoryProfile.VALKEY_7_2),
    ...shared('valkey-server-8.0', MemoryProfile.VALKEY_8_0),
    ...shared('valkey-server-8.1', MemoryProfile.VALKEY_8_1),
    ...shared('valkey-server-9.0', MemoryProfile.VALKEY_9_0),
  ];
}

/** As ElastiCache runs nodes: a maxmemory (so integers are not shared) and its default policy. */
const NODE_ARGS = ['--maxmemory', '16gb', '--maxmemory-policy', 'volatile-lru', '--enable-debug-command', 'yes'];
const CLUSTER_ARGS = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-require-full-coverage', 'no'];
const MIGRATE_BATCH = 500;

/** Starts a plain (not cluster) server to write a dataset into. */
export function startSource(server: EngineServer): Promise<RedisServer> {
  return RedisServer.start({ binary: server.binary, args: NODE_ARGS });
}

/**
 * Runs a dataset's Lua `script` in the source server for items `1..count` in batches; the script
 * gets the first and last item of its batch as ARGV[1] and ARGV[2].
 */
export async function populate(source: RedisServer, script: string, count: number, batch = 2000): Promise<void> {
  for (let first = 1; first <= count; first += batch) {
    await source.command('EVAL', script, 0, first, Math.min(count, first + batch - 1));
  }
}

/**
 * Builds one shard per entry of `shards` (its slot ranges), copies each the source's keys in its
 * slots, reloads it and returns every shard's `used_memory`.
 */
export async function measureShards(server: EngineServer, source: RedisServer, shards: SlotRange[][]): Promise<number[]> {
  const nodes: RedisServer[] = [];
  try {
    for (const ranges of shards) {
      const node = await RedisServer.start({ binary: server.binary, args: [...NODE_ARGS, ...CLUSTER_ARGS] });
      nodes.push(node);
      await node.command('CLUSTER', 'ADDSLOTSRANGE', ...ranges.flatMap((range) => [range.start, range.end]));
    }
    await Promise.all(nodes.map(clusterStateOk));
    const owner = new Int32Array(16384);
    shards.forEach((ranges, shard) => ranges.forEach((range) => owner.fill(shard, range.start, range.end + 1)));
    let cursor = '0';
    do {
      const [next, keys] = await source.command('SCAN', cursor, 'COUNT', MIGRATE_BATCH) as [string, string[]];
      cursor = next;
      const byShard = new Map<number, string[]>();
      for (const key of keys) {
        const shard = owner[keySlot(Buffer.from(key))];
        byShard.set(shard, [...byShard.get(shard) ?? [], key]);
      }
      for (const [shard, batch] of byShard) {
        await source.command('MIGRATE', '127.0.0.1', nodes[shard].port, '', 0, 60_000, 'COPY', 'KEYS', ...batch);
      }
    } while (cursor !== '0');
    const used: number[] = [];
    for (const node of nodes) {
      await node.command('DEBUG', 'RELOAD');
      used.push(await settledUsedMemory(node));
    }
    return used;
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
  }
}

/** Waits until the node serves its slots (it says `cluster_state:ok` a moment after taking them). */
async function clusterStateOk(node: RedisServer): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (/cluster_state:ok/.test(String(await node.command('CLUSTER', 'INFO')))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`cluster node on port ${node.port} never reached cluster_state:ok`);
}

/**
 * `used_memory` once it stops falling: Valkey 8.0 grows its per-slot dicts while loading and frees
 * the old bucket arrays by incremental rehashing in the next seconds (up to 4% of the total).
 */
async function settledUsedMemory(node: RedisServer): Promise<number> {
  let previous = usedMemory(String(await node.command('INFO', 'memory')));
  for (let attempt = 0; attempt < 80; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = usedMemory(String(await node.command('INFO', 'memory')));
    if (now >= previous) return now;
    previous = now;
  }
  return previous;
}

function usedMemory(info: string): number {
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error(`INFO memory has no used_memory:\n${info}`);
  return Number(match[1]);
}

/**
 * Datasets as Lua scripts over items ARGV[1]..ARGV[2], deterministic, each a different shape of
 * data. `hot-tag` puts a fifth to a third of the memory under one hashtag in skiplist sorted sets,
 * which take four to five times their bytes in the file: the skew a byte-balanced plan misses.
 */
export const DATASETS: Record<string, { readonly script: string; readonly items: number }> = {
  'small-strings': {
    items: 150_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('SET', 'user:' .. i, string.rep('v', i % 40))
      redis.call('SET', 'counter:' .. i, i * 7)
    end`,
  },
  'hashes': {
    items: 12_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('HSET', 'profile:' .. i, 'name', 'user-' .. i, 'email', 'user' .. i .. '@example.com', 'visits', i, 'plan', 'pro', 'country', 'NZ')
      if i % 10 == 0 then
        for j = 1, 40 do redis.call('HSET', 'doc:' .. i, 'field:' .. j, string.rep('d', 60 + j)) end
      end
      if i % 100 == 0 then
        for j = 1, 600 do redis.call('HSET', 'wide:' .. i, 'f' .. j, j) end
      end
    end`,
  },
  'sets-zsets': {
    items: 8_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('SADD', 'ids:' .. i, i, i + 1000, i + 70000, i * 3)
      redis.call('SADD', 'tags:' .. i, 'red', 'green', 'blue-' .. (i % 7))
      redis.call('ZADD', 'rank:' .. i, 1, 'a' .. i, 2, 'b' .. i, 3.5, 'c' .. i)
      if i % 20 == 0 then
        for j = 1, 300 do
          redis.call('SADD', 'members:' .. i, 'member-' .. j .. '-' .. i)
          redis.call('ZADD', 'board:' .. i, j * 1.5, 'player-' .. j .. '-' .. i)
        end
        for j = 1, 700 do redis.call('SADD', 'bigids:' .. i, j * 13) end
      end
    end`,
  },
  'ttl-heavy': {
    items: 100_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('SET', 'session:' .. i, 'token-' .. i .. string.rep('t', i % 24), 'EX', 100000 + i)
      if i % 4 == 0 then redis.call('HSET', 'cart:' .. i, 'item', i, 'qty', 2) redis.call('EXPIRE', 'cart:' .. i, 90000) end
    end`,
  },
  'long-strings': {
    items: 20_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('SET', 'page:' .. i, string.rep('<div class="row">' .. i .. '</div>', 10 + i % 90))
      if i % 5 == 0 then redis.call('RPUSH', 'log:' .. i, unpack({string.rep('e', 300), string.rep('f', 500), 'g' .. i, 'h' .. i, string.rep('k', 9000)})) end
    end`,
  },
  'streams': {
    items: 200_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      redis.call('XADD', 'events:' .. (i % 300), '*', 'user', 'user-' .. i, 'action', 'click', 'page', '/p/' .. (i % 97))
    end`,
  },
  'hot-tag': {
    items: 60_000,
    script: `for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
      if i % 100 == 0 then
        local members = {}
        for j = 1, 200 do members[#members + 1] = j members[#members + 1] = 'm' .. j end
        redis.call('ZADD', 'board:{hot}:' .. i, unpack(members))
      end
      if i % 5 ~= 0 then redis.call('SET', 'page:' .. i, string.rep('p', 600)) end
    end`,
  },
};
