import { restore, run } from './facts-builders';
import { preflightIncomplete } from '../../src/rules/preflight-incomplete';

describe('preflight-incomplete', () => {
  test('one error per stopped call, naming the file, the call, how far it came and the timeout', () => {
    const { findings } = run(preflightIncomplete, restore({}, {
      incomplete: [
        { call: 'GetObject bytes=8388608-16777215', file: 's3://seeds/big.rdb', progress: 'read 8388608 of 17825792 bytes', timeoutSeconds: 900 },
        { call: 'DescribeSnapshots', timeoutSeconds: 30 },
      ],
    }));
    expect(findings).toEqual([
      {
        rule: 'preflight-incomplete',
        severity: 'error',
        file: 's3://seeds/big.rdb',
        message: expect.stringMatching(/^s3:\/\/seeds\/big\.rdb was not checked to the end: GetObject bytes=8388608-16777215 had not finished when the preflight's 900 s Lambda timeout ran short \(read 8388608 of 17825792 bytes\)\. .*Preflight\.headerOnly\(\)/),
      },
      { rule: 'preflight-incomplete', severity: 'error', message: expect.stringMatching(/^the restore was not checked to the end: DescribeSnapshots had not finished when the preflight's 30 s/) },
    ]);
  });

  test('nothing where no preflight ran or nothing was stopped', () => {
    expect(run(preflightIncomplete, restore({}))).toEqual({ findings: [], skipped: [] });
    expect(run(preflightIncomplete, restore({}, { incomplete: [] })).findings).toEqual([]);
  });
});
