import * as http from 'http';
import { AddressInfo } from 'net';
import type { Snapshot } from '@aws-sdk/client-elasticache';
import { Faults } from './faults';

/** Element names of list members in the ElastiCache Query protocol's XML. */
const MEMBER_NAMES: Record<string, string> = {
  Snapshots: 'Snapshot',
  NodeSnapshots: 'NodeSnapshot',
  ReplicaAvailabilityZones: 'AvailabilityZone',
};

/**
 * A loopback server speaking the ElastiCache Query protocol for DescribeSnapshots, so that the
 * real SDK (and the bundled preflight) talk to it through `AWS_ENDPOINT_URL_ELASTICACHE`. It
 * stalls or throttles calls as `faults` says (e.g. `{ kind: 'error', status: 400, code: 'Throttling' }`).
 */
export class ElastiCacheServer {
  public static async start(): Promise<ElastiCacheServer> {
    const server = new ElastiCacheServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** Every request's form parameters, in order. */
  public readonly requests: Record<string, string>[] = [];
  /** Faults to inject by action name, keyed by snapshot name; `faults.clear()` between tests. */
  public readonly faults = new Faults();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => this.answer(Object.fromEntries(new URLSearchParams(body)), res));
  });

  private constructor() {}

  /** `http://127.0.0.1:PORT`. */
  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A snapshot DescribeSnapshots finds by its name. */
  public addSnapshot(snapshot: Snapshot): void {
    this.snapshots.set(snapshot.SnapshotName!, snapshot);
  }

  public async stop(): Promise<void> {
    this.faults.clear();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(params: Record<string, string>, res: http.ServerResponse): void {
    this.requests.push(params);
    const fault = this.faults.take(params.Action, params.SnapshotName ?? '');
    if (fault?.kind === 'stall') return this.faults.stall(res);
    if (fault) return reply(res, fault.status ?? 500, error(fault.code ?? 'InternalFailure', 'injected by the test'));
    if (params.Action !== 'DescribeSnapshots') {
      return reply(res, 400, error('InvalidAction', `${params.Action} is not served by this test server`));
    }
    const snapshot = this.snapshots.get(params.SnapshotName);
    if (!snapshot) {
      return reply(res, 404, error('SnapshotNotFoundFault', `Snapshot ${params.SnapshotName} not found.`));
    }
    reply(res, 200, '<DescribeSnapshotsResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">'
      + `<DescribeSnapshotsResult>${toXml({ Snapshots: [snapshot] })}</DescribeSnapshotsResult>`
      + '<ResponseMetadata><RequestId>test</RequestId></ResponseMetadata></DescribeSnapshotsResponse>');
  }
}

function reply(res: http.ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
}

function error(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>test</RequestId></ErrorResponse>`;
}

function toXml(value: object): string {
  return Object.entries(value).filter(([, v]) => v !== undefined).map(([name, v]) => {
    if (Array.isArray(v)) {
      const member = MEMBER_NAMES[name];
      return `<${name}>${v.map((item) => (typeof item === 'object' ? `<${member}>${toXml(item)}</${member}>` : `<${member}>${item}</${member}>`)).join('')}</${name}>`;
    }
    if (v instanceof Date) return `<${name}>${v.toISOString()}</${name}>`;
    return typeof v === 'object' ? `<${name}>${toXml(v)}</${name}>` : `<${name}>${v}</${name}>`;
  }).join('');
}
