import { Token } from 'aws-cdk-lib';
import { IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * Options for `.rdb` objects in S3.
 */
export interface RdbSourceOptions {
  /**
   * Grant ElastiCache read access to the objects: an object ACL grant to ElastiCache's canonical
   * user in Regions launched before 2019-03-20, a bucket-policy statement for
   * `<region>.elasticache-snapshot.amazonaws.com` in opt-in Regions.
   *
   * @default false - the objects must already be readable by ElastiCache; the preflight checks it
   */
  readonly grantElastiCacheAccess?: boolean;

  /**
   * A facts file written by `cdk-elasticache-restore inspect --json` for these objects, so that
   * `cdk synth` checks their RDB version, databases and memory fit without reading S3.
   *
   * @default - the contents of the objects are checked at deploy time only
   */
  readonly factsFile?: string;
}

/**
 * One `.rdb` object.
 */
export interface RdbObject {
  /** The bucket's name (may be a token). */
  readonly bucketName: string;
  /** The object key. */
  readonly key: string;
  /** The bucket construct, when the source was given one. */
  readonly bucket?: IBucket;
  /** The object's ARN, as `SnapshotArns` takes it. */
  readonly arn: string;
}

/**
 * `.rdb` files in S3 that seed a new cluster (`SnapshotArns`).
 *
 * The files are read once, when the cluster is created: changing them later replaces the cluster.
 */
export class RdbSource {
  /**
   * Objects in a bucket.
   *
   * @param bucket the bucket, in the cluster's Region
   * @param keys the object keys, e.g. `['dumps/a.rdb']`
   * @param options access grant and facts file
   */
  public static fromBucket(bucket: IBucket, keys: string[], options: RdbSourceOptions = {}): RdbSource {
    const objects = keys.map((key) => {
      checkKey(key);
      return { bucketName: bucket.bucketName, key, bucket, arn: bucket.arnForObjects(key) };
    });
    return new RdbSource(objects, options);
  }

  /**
   * Objects by ARN, e.g. `arn:aws:s3:::my-bucket/dumps/a.rdb`.
   *
   * @param arns the objects' ARNs
   * @param options access grant and facts file
   */
  public static fromArns(arns: string[], options: RdbSourceOptions = {}): RdbSource {
    const objects = arns.map((arn) => {
      if (Token.isUnresolved(arn)) {
        throw new Error('RdbSource.fromArns: an ARN is a token; use RdbSource.fromBucket(bucket, keys) for objects whose names are known only at deploy time.');
      }
      const match = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/.exec(arn);
      if (!match) {
        throw new Error(`RdbSource.fromArns: '${arn}' is not an S3 object ARN; expected arn:aws:s3:::BUCKET/KEY.`);
      }
      const [, bucketName, key] = match;
      checkKey(key);
      return { bucketName, key, arn };
    });
    return new RdbSource(objects, options);
  }

  /** Whether the library grants ElastiCache read access to the objects. */
  public readonly grantElastiCacheAccess: boolean;

  /** The `inspect --json` facts file, when given. */
  public readonly factsFile?: string;

  private constructor(
    /** The objects, in order. */
    public readonly objects: RdbObject[],
    options: RdbSourceOptions,
  ) {
    if (objects.length === 0) {
      throw new Error('RdbSource: no .rdb objects given; name at least one.');
    }
    this.grantElastiCacheAccess = options.grantElastiCacheAccess ?? false;
    this.factsFile = options.factsFile;
  }

  /** The objects' ARNs, as `SnapshotArns` takes them. */
  public get arns(): string[] {
    return this.objects.map((object) => object.arn);
  }
}

function checkKey(key: string): void {
  if (Token.isUnresolved(key)) return;
  if (key.length === 0 || key.includes(',')) {
    throw new Error(`RdbSource: object key '${key}' cannot be used: ElastiCache needs a non-empty key without commas.`);
  }
}
