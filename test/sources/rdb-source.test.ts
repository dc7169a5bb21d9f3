import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RdbSource } from '../../src';

describe('RdbSource', () => {
  test('fromArns keeps bucket, key and ARN of every object, in order', () => {
    const source = RdbSource.fromArns(['arn:aws-cn:s3:::bucket/deep/key.rdb', 'arn:aws:s3:::other/b.rdb']);
    expect(source.objects).toEqual([
      { bucketName: 'bucket', key: 'deep/key.rdb', arn: 'arn:aws-cn:s3:::bucket/deep/key.rdb' },
      { bucketName: 'other', key: 'b.rdb', arn: 'arn:aws:s3:::other/b.rdb' },
    ]);
    expect(source.arns).toEqual(['arn:aws-cn:s3:::bucket/deep/key.rdb', 'arn:aws:s3:::other/b.rdb']);
  });

  test('fromBucket keeps the bucket construct and the ARN it gives each key', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(stack, 'Dumps');
    const source = RdbSource.fromBucket(bucket, ['dumps/a.rdb', 'dumps/b.rdb']);
    expect(source.objects.map((object) => [object.bucket, object.bucketName, object.key])).toEqual([
      [bucket, bucket.bucketName, 'dumps/a.rdb'],
      [bucket, bucket.bucketName, 'dumps/b.rdb'],
    ]);
    expect(stack.resolve(source.arns[0])).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Dumps/), 'Arn'] }, '/dumps/a.rdb']] });
  });

  test('fromBucket takes a key that is a token', () => {
    const bucket = s3.Bucket.fromBucketName(new Stack(), 'Dumps', 'dumps');
    const key = Lazy.string({ produce: () => 'a.rdb' });
    expect(RdbSource.fromBucket(bucket, [key]).objects[0].key).toBe(key);
  });

  test('neither grants access nor reads a facts file unless asked', () => {
    const source = RdbSource.fromArns(['arn:aws:s3:::b/k.rdb']);
    expect(source.grantElastiCacheAccess).toBe(false);
    expect(source.factsFile).toBeUndefined();
  });

  test('keeps the options', () => {
    const source = RdbSource.fromArns(['arn:aws:s3:::b/k.rdb'], { grantElastiCacheAccess: true, factsFile: 'facts.json' });
    expect(source.grantElastiCacheAccess).toBe(true);
    expect(source.factsFile).toBe('facts.json');
  });

  test.each<[string, () => RdbSource, RegExp]>([
    ['no objects', () => RdbSource.fromArns([]), /^RdbSource: no .rdb objects given; name at least one\.$/],
    ['no keys of a bucket', () => RdbSource.fromBucket(s3.Bucket.fromBucketName(new Stack(), 'Dumps', 'dumps'), []), /no .rdb objects given/],
    ['a bucket ARN', () => RdbSource.fromArns(['arn:aws:s3:::bucket']), /'arn:aws:s3:::bucket' is not an S3 object ARN; expected arn:aws:s3:::BUCKET\/KEY/],
    ['another service', () => RdbSource.fromArns(['arn:aws:sqs:us-east-1:1:queue/x']), /is not an S3 object ARN/],
    ['an ARN that is a token', () => RdbSource.fromArns([Lazy.string({ produce: () => 'arn:aws:s3:::b/k' })]), /an ARN is a token; use RdbSource.fromBucket\(bucket, keys\)/],
    ['a comma in the key', () => RdbSource.fromArns(['arn:aws:s3:::bucket/a,b.rdb']), /object key 'a,b.rdb' cannot be used: ElastiCache needs a non-empty key without commas/],
    ['an empty key', () => RdbSource.fromBucket(s3.Bucket.fromBucketName(new Stack(), 'Dumps', 'dumps'), ['']), /object key '' cannot be used/],
  ])('refuses %s', (_, make, message) => {
    expect(make).toThrow(message);
  });
});
