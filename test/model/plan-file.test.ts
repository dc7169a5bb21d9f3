import { NodeType } from '../../src/model/node-type';
import { formatPlanFile, parsePlanFile } from '../../src/model/plan-file';
import { planSlots, toPlanFile } from '../../src/plan/plan-slots';
import { reportWith } from '../plan/reports';

const plan = planSlots([reportWith('a.rdb', { 10: 300, 12000: 700 }, 2000)], { shardCount: 2, nodeType: NodeType.R7G_LARGE });

describe('parsePlanFile', () => {
  test('still reads a version 1 file, whose estimates were used-mem spread by bytes', () => {
    const v1 = { version: 1, files: ['a.rdb'], reservedMemoryPercent: 25, shards: [{ slots: ['0-16383'], keys: 2, bytes: 1000, estimatedMemoryBytes: 5000 }] };
    expect(parsePlanFile(JSON.stringify(v1), 'old.json')).toEqual(v1);
  });

  const valid = JSON.parse(formatPlanFile(toPlanFile(plan)));
  const edited = (edit: (file: any) => void) => {
    const copy = JSON.parse(JSON.stringify(valid));
    edit(copy);
    return JSON.stringify(copy);
  };

  test.each([
    ['not JSON', '{ "version": 1,', /Plan file plan\.json: its text is not JSON/],
    ['a list', '[]', /its top level must be an object/],
    ['another version', edited((file) => { file.version = 3; }), /"version" is 3; this library reads versions 1 and 2/],
    ['no version', edited((file) => { delete file.version; }), /"version" is undefined/],
    ['no shards', edited((file) => { file.shards = []; }), /"shards" must be a non-empty list/],
    ['files not names', edited((file) => { file.files = [1]; }), /"files" must be a list of file names/],
    ['reserved memory of 100', edited((file) => { file.reservedMemoryPercent = 100; }), /"reservedMemoryPercent" is 100; it must be a whole number from 0 to 99/],
    ['reserved memory of 12.5', edited((file) => { file.reservedMemoryPercent = 12.5; }), /"reservedMemoryPercent" is 12\.5; it must be a whole number from 0 to 99/],
    ['reserved memory as text', edited((file) => { file.reservedMemoryPercent = '25'; }), /"reservedMemoryPercent" is "25"; it must be a whole number from 0 to 99/],
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
