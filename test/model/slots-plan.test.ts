import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SlotLayout } from '../../src/model/slots';

describe('SlotLayout.fromPlanFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-plan-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes a version 1 plan file with the given shards and returns its path. */
  function planFile(name: string, shards: object[], version: unknown = 1, reservedMemoryPercent: unknown = 25): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify({ version, files: ['dump.rdb'], reservedMemoryPercent, shards }));
    return file;
  }

  test('reads the layout and the per-shard memory estimates', () => {
    const file = planFile('plan.json', [
      { slots: ['0-99', '8000-16383'], keys: 10, bytes: 1000, estimatedMemoryBytes: 5000 },
      { slots: ['100-7999'], keys: 20, bytes: 2000, estimatedMemoryBytes: 9000 },
    ]);
    const layout = SlotLayout.fromPlanFile(file);
    expect(layout.toSlotStrings()).toEqual(['0-99,8000-16383', '100-7999']);
    expect(layout.plannedShardBytes).toEqual([5000, 9000]);
  });

  test('has no estimates when the plan has none, nor do other layouts', () => {
    const file = planFile('no-estimates.json', [{ slots: ['0-16383'], keys: 0, bytes: 0 }]);
    expect(SlotLayout.fromPlanFile(file).plannedShardBytes).toBeUndefined();
    expect(SlotLayout.even(3).plannedShardBytes).toBeUndefined();
  });

  test('refuses a hand edit that misses slots, naming them', () => {
    const file = planFile('gap.json', [
      { slots: ['0-5000'], keys: 1, bytes: 1 },
      { slots: ['5100-16383'], keys: 1, bytes: 1 },
    ]);
    expect(() => SlotLayout.fromPlanFile(file)).toThrow(
      `Plan file ${file}: "shards[].slots" do not make a layout: SlotLayout must cover slots 0-16383 exactly once: slots 5001-5099 are in no shard;`,
    );
  });

  test('refuses a hand edit that repeats slots, naming them', () => {
    const file = planFile('overlap.json', [{ slots: ['0-9000'], keys: 1, bytes: 1 }, { slots: ['8999-16383'], keys: 1, bytes: 1 }]);
    expect(() => SlotLayout.fromPlanFile(file)).toThrow(/slots 8999-9000 are in more than one shard/);
  });

  test('refuses a range it cannot parse, naming the shard and range', () => {
    const file = planFile('range.json', [{ slots: ['0-16383', '9-x'], keys: 1, bytes: 1 }]);
    expect(() => SlotLayout.fromPlanFile(file)).toThrow(/"shards\[0\]\.slots\[1\]" is not a slot range: Invalid slot range '9-x'/);
  });

  test('refuses another version, naming the file and field', () => {
    const file = planFile('v3.json', [{ slots: ['0-16383'], keys: 1, bytes: 1 }], 3);
    expect(() => SlotLayout.fromPlanFile(file)).toThrow(`Plan file ${file}: "version" is 3; this library reads versions 1 and 2;`);
  });

  test.each([12.5, 100])('refuses a reserved-memory-percent of %p, naming the range', (percent) => {
    const file = planFile(`reserved-${percent}.json`, [{ slots: ['0-16383'], keys: 1, bytes: 1 }], 1, percent);
    expect(() => SlotLayout.fromPlanFile(file)).toThrow(`Plan file ${file}: "reservedMemoryPercent" is ${percent}; it must be a whole number from 0 to 99, as 100 leaves no memory for data;`);
  });

  test('refuses a file it cannot read', () => {
    expect(() => SlotLayout.fromPlanFile(path.join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });
});
