import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Faults } from './faults';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

/** Credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** One request the server saw. */
export interface S3Request {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  /** The subresource, e.g. `acl`, `policy`, `location`; empty for the object or bucket itself. */
  readonly subresource: string;
  readonly range?: string;
}

/**
 * s3rver on loopback behind a small front that serves what s3rver lacks: object ACLs (stored and
 * returned as put), bucket policies, and server-side encryption headers on HEAD and GET. Ranged
 * GET, HEAD and GetBucketLocation go to s3rver itself. The front also injects `faults` into any
 * call, by its S3 operation name (`HeadObject`, `GetBucketLocation`, `GetObjectAcl`, `GetObject`…).
 */
export class S3Server {
  public static async start(): Promise<S3Server> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
    const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
    const { port } = await s3rver.run();
    const server = new S3Server(s3rver, port, directory);
    await new Promise<void>((resolve) => server.front.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** Every request, in order. */
  public readonly requests: S3Request[] = [];
  /** ACL documents put with PutObjectAcl, by `bucket/key`. */
  public readonly acls = new Map<string, string>();
  /** Faults to inject; `faults.clear()` between tests. */
  public readonly faults = new Faults();
  private readonly policies = new Map<string, string>();
  private readonly encryption = new Map<string, string>();
  private readonly front = http.createServer((req, res) => this.serve(req, res));
  /** The front's connections to s3rver, destroyed on stop: s3rver does not close while one is busy. */
  private readonly upstreamAgent = new http.Agent({ keepAlive: true });

  private constructor(private readonly s3rver: any, private readonly s3rverPort: number, private readonly directory: string) {}

  /** `http://127.0.0.1:PORT`. */
  public get endpoint(): string {
    return `http://127.0.0.1:${(this.front.address() as AddressInfo).port}`;
  }

  /** A client for setting things up. */
  public client(): S3Client {
    return new S3Client({ endpoint: this.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  }

  public async createBucket(bucket: string): Promise<void> {
    await this.client().send(new CreateBucketCommand({ Bucket: bucket }));
  }

  /**
   * Stores an object.
   *
   * @param serverSideEncryption what HEAD and GET report, e.g. `aws:kms` (s3rver stores none)
   */
  public async putObject(bucket: string, key: string, body: Uint8Array, serverSideEncryption?: string): Promise<void> {
    await this.client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    if (serverSideEncryption) this.encryption.set(`${bucket}/${key}`, serverSideEncryption);
  }

  /** The document GetBucketPolicy returns. */
  public setBucketPolicy(bucket: string, policy: object): void {
    this.policies.set(bucket, JSON.stringify(policy));
  }

  /** Ranged object GETs (the scan), optionally of one key. */
  public objectReads(key?: string): S3Request[] {
    return this.requests.filter((r) => r.method === 'GET' && r.subresource === '' && r.key !== '' && (key === undefined || r.key === key));
  }

  public async stop(): Promise<void> {
    this.faults.clear();
    this.front.closeAllConnections();
    await new Promise((resolve) => this.front.close(resolve));
    this.upstreamAgent.destroy();
    await this.s3rver.close();
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://localhost');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const subresource = [...url.searchParams.keys()].find((name) => ['acl', 'policy', 'location'].includes(name)) ?? '';
    this.requests.push({ method: req.method!, bucket, key, subresource, range: req.headers.range });
    const object = `${bucket}/${key}`;
    const fault = this.faults.take(operationOf(req.method!, key, subresource), key);
    if (fault?.kind === 'stall') return this.faults.stall(res);
    if (fault?.kind === 'error') return xml(res, fault.status ?? 500, s3Error(fault.code ?? 'InternalError', 'injected by the test'));

    if (subresource === 'acl') {
      if (req.method === 'PUT') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          this.acls.set(object, body);
          res.writeHead(200).end();
        });
        return;
      }
      return xml(res, 200, this.acls.get(object) ?? OWNER_ONLY_ACL);
    }
    if (subresource === 'policy') {
      const policy = this.policies.get(bucket);
      if (policy === undefined) return xml(res, 404, s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist'));
      return res.writeHead(200, { 'content-type': 'application/json' }).end(policy) as any;
    }

    const headers = { ...req.headers };
    if (fault?.kind === 'shifted-range') headers.range = shiftRange(req.headers.range);
    const upstream = http.request({ host: '127.0.0.1', port: this.s3rverPort, method: req.method, path: req.url, headers, agent: this.upstreamAgent }, (answer) => {
      // Cut off mid-body (by the close below, or at stop): the client is gone or gets a cut answer.
      answer.on('error', () => res.destroy());
      const answerHeaders = { ...answer.headers };
      const sse = this.encryption.get(object);
      if (sse && (answer.statusCode ?? 500) < 300) answerHeaders['x-amz-server-side-encryption'] = sse;
      if (fault?.kind === 'no-content-length') delete answerHeaders['content-length'];
      if (fault?.kind !== 'reset' && fault?.kind !== 'short-body') {
        res.writeHead(answer.statusCode ?? 500, answerHeaders);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const half = body.subarray(0, Math.floor(body.length / 2));
        if (fault.kind === 'reset') {
          res.writeHead(answer.statusCode ?? 500, answerHeaders);
          res.write(half, () => res.socket?.destroy());
          return;
        }
        const [, start, total] = /^bytes (\d+)-\d+\/(\d+)$/.exec(answerHeaders['content-range'] ?? '') ?? [];
        res.writeHead(answer.statusCode ?? 500, {
          ...answerHeaders,
          'content-length': String(half.length),
          ...(start ? { 'content-range': `bytes ${start}-${Number(start) + half.length - 1}/${total}` } : {}),
        });
        res.end(half);
      });
    });
    // A client that hangs up (a deadline, a reader refusing the answer), even before s3rver answers,
    // frees s3rver's connection too: an 8 MiB answer no one reads would keep it busy.
    res.on('close', () => upstream.destroy());
    // That destroy, or stop destroying the agent, fails the request: answer a client still waiting, or let it go.
    upstream.on('error', () => {
      if (res.headersSent || res.destroyed) res.destroy();
      else xml(res, 502, s3Error('InternalError', 'the test server lost its connection to s3rver'));
    });
    req.pipe(upstream);
  }
}

/** The S3 operation a request is. */
function operationOf(method: string, key: string, subresource: string): string {
  if (subresource === 'acl') return method === 'PUT' ? 'PutObjectAcl' : 'GetObjectAcl';
  if (subresource === 'policy') return 'GetBucketPolicy';
  if (subresource === 'location') return 'GetBucketLocation';
  if (key === '') return `${method} bucket`;
  return ({ HEAD: 'HeadObject', GET: 'GetObject', PUT: 'PutObject' } as Record<string, string>)[method] ?? method;
}

/** A Range header moved 16 bytes further into the object. */
function shiftRange(range: string | undefined): string | undefined {
  const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(range ?? '') ?? [];
  return start ? `bytes=${Number(start) + 16}-${Number(end) + 16}` : range;
}

const OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';
const OWNER_ONLY_ACL = '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
  + `<Owner><ID>${OWNER_ID}</ID><DisplayName>owner</DisplayName></Owner>`
  + '<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">'
  + `<ID>${OWNER_ID}</ID><DisplayName>owner</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>`
  + '</AccessControlPolicy>';

function s3Error(code: string, message: string): string {
  return `<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function xml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
}
