import { reportWith } from './reports';
import { NodeType } from '../../src/model/node-type';
import { formatPlanFile, parsePlanFile, PLAN_FILE_VERSION, toPlanFile } from '../../src/plan/plan-file';
import { planSlots } from '../../src/plan/plan-slots';

const plan = planSlots([reportWith('a.rdb', { 10: 300, 12000: 700 }, 2000)], { shards: 2, nodeType: NodeType.R7G_LARGE });

describe('toPlanFile', () => {
  test('holds the layout, the per-shard figures and the node type verdict', () => {
    const file = toPlanFile(plan);
    expect(file).toMatchObject({
      version: PLAN_FILE_VERSION,
      files: ['a.rdb'],
      reservedMemoryPercent: 25,
      usedMemoryBytes: 2000,
      shards: [
        { slots: [plan.layout.toSlotStrings()[0]], keys: 1, bytes: 300, estimatedMemoryBytes: 600 },
        { slots: [plan.layout.toSlotStrings()[1]], keys: 1, bytes: 700, estimatedMemoryBytes: 1400 },
      ],
      evenSplitFullestBytes: 700,
      nodeType: { name: 'cache.r7g.large', usableMemoryBytes: NodeType.R7G_LARGE.usableMemoryBytes(25), fullestShardPercent: 0, verdict: 'fits' },
      recommendedNodeTypes: ['cache.r7g.large', 'cache.m7g.large', 'cache.t4g.micro', 'cache.r6gd.xlarge'],
    });
  });

  test('its text parses back to itself', () => {
    const file = toPlanFile(plan);
    expect(parsePlanFile(formatPlanFile(file), 'plan.json')).toEqual(JSON.parse(JSON.stringify(file)));
  });
});

describe('parsePlanFile', () => {
  const valid = JSON.parse(formatPlanFile(toPlanFile(plan)));
  const edited = (edit: (file: any) => void) => {
    const copy = JSON.parse(JSON.stringify(valid));
    edit(copy);
    return JSON.stringify(copy);
  };

  test.each([
    ['not JSON', '{ "version": 1,', /Plan file plan\.json: its text is not JSON/],
    ['a list', '[]', /its top level must be an object/],
    ['another version', edited((file) => { file.version = 2; }), /"version" is 2; this library reads version 1/],
    ['no version', edited((file) => { delete file.version; }), /"version" is undefined/],
    ['no shards', edited((file) => { file.shards = []; }), /"shards" must be a non-empty list/],
    ['files not names', edited((file) => { file.files = [1]; }), /"files" must be a list of file names/],
    ['reserved memory out of range', edited((file) => { file.reservedMemoryPercent = 100; }), /"reservedMemoryPercent" must be a number from 0 to 99/],
    ['a shard without slots', edited((file) => { delete file.shards[1].slots; }), /"shards\[1\]\.slots" must be a non-empty list of ranges/],
    ['slots as one string', edited((file) => { file.shards[0].slots = '0-100'; }), /"shards\[0\]\.slots"/],
    ['negative bytes', edited((file) => { file.shards[0].bytes = -1; }), /"shards\[0\]\.bytes" is -1/],
    ['an estimate as text', edited((file) => { file.shards[1].estimatedMemoryBytes = '1400'; }), /"shards\[1\]\.estimatedMemoryBytes" is "1400"/],
    ['estimates for some shards only', edited((file) => { delete file.shards[1].estimatedMemoryBytes; }),
      /"shards\[1\]\.estimatedMemoryBytes" is missing while other shards have one/],
  ])('refuses %s, naming the file, the field and the remedy', (_, text, message) => {
    expect(() => parsePlanFile(text, 'plan.json')).toThrow(message);
    expect(() => parsePlanFile(text, 'plan.json')).toThrow(/^Plan file plan\.json: .*write the plan again with `cdk-elasticache-restore plan FILE… --shards N --out plan\.json`\.$/);
  });

  test('accepts a plan without estimates', () => {
    const text = edited((file) => file.shards.forEach((shard: any) => delete shard.estimatedMemoryBytes));
    expect(parsePlanFile(text, 'plan.json').shards[0].estimatedMemoryBytes).toBeUndefined();
  });
});
