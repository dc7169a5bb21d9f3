import { ClusterMode } from '../../src/model/cluster-mode';
import { SlotLayout } from '../../src/model/slots';

describe('ClusterMode', () => {
  test('enabled defaults to one shard, one replica, an even layout', () => {
    const mode = ClusterMode.enabled();
    expect(mode.isEnabled).toBe(true);
    expect(mode.shardCount).toBe(1);
    expect(mode.replicasPerShard).toBe(1);
    expect(mode.slotLayout?.toSlotStrings()).toEqual(['0-16383']);
  });

  test('enabled with a shard count lays them out evenly', () => {
    expect(ClusterMode.enabled({ shardCount: 3 }).slotLayout?.toSlotStrings()).toEqual(['0-5460', '5461-10922', '10923-16383']);
  });

  test('enabled takes the shard count from the layout', () => {
    expect(ClusterMode.enabled({ slotLayout: SlotLayout.weighted([1, 3]) }).shardCount).toBe(2);
  });

  test('refuses a shard count that disagree with the layout', () => {
    expect(() => ClusterMode.enabled({ shardCount: 3, slotLayout: SlotLayout.even(2) }))
      .toThrow('ClusterMode.enabled: shardCount is 3 but slotLayout has 2 shards; drop shardCount or make them agree.');
  });

  test('disabled is one shard with its replicas', () => {
    const mode = ClusterMode.disabled({ replicas: 2, placement: { primaryAvailabilityZone: 'a' } });
    expect(mode.isEnabled).toBe(false);
    expect(mode.shardCount).toBe(1);
    expect(mode.replicasPerShard).toBe(2);
    expect(mode.placements).toEqual([{ primaryAvailabilityZone: 'a' }]);
    expect(mode.slotLayout).toBeUndefined();
  });
});
