import { RedisServer } from '../support/redis-server';

/** Bytes of every value: large next to the key names, so the slot histogram follows the values. */
const VALUE_BYTES = 1000;

/**
 * Writes a dataset whose hashtag `{hot}` holds a third of the bytes (one slot) and the rest spreads
 * over every slot, and returns the `.rdb` file the server saved.
 */
export async function writeSkewedDataset(server: RedisServer, spreadKeys = 3000): Promise<string> {
  // Distinct values; the histogram counts strings uncompressed, so how well they compress does not matter.
  const value = (i: number) => `${i}:`.padEnd(VALUE_BYTES, (i * 7919).toString(36));
  const commands = [
    ...Array.from({ length: spreadKeys }, (_, i) => ['SET', `user:${i}`, value(i)]),
    ...Array.from({ length: spreadKeys / 2 }, (_, i) => ['SET', `{hot}:${i}`, value(i)]),
  ];
  for (let i = 0; i < commands.length; i += 500) {
    await server.pipeline(commands.slice(i, i + 500));
  }
  return server.save();
}
