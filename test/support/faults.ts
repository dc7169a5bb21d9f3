import * as http from 'http';

/**
 * What a faulty loopback server does instead of answering a call normally:
 * - `stall`: never answers (the connection stays open)
 * - `error`: an error answer, e.g. `{ status: 503, code: 'SlowDown' }` or ElastiCache's `Throttling`
 * - `reset`: the headers and half of the body, then the connection drops
 * - `short-body`: a consistent answer with half of the bytes asked for
 * - `shifted-range`: bytes from further into the object, with a Content-Range that says so
 * - `no-content-length`: the answer without its Content-Length header (chunked)
 */
export type FaultKind = 'stall' | 'error' | 'reset' | 'short-body' | 'shifted-range' | 'no-content-length';

/** One fault, for the calls it matches. */
export interface Fault {
  readonly kind: FaultKind;
  /** For `error`: the HTTP status. */
  readonly status?: number;
  /** For `error`: the error code, e.g. `SlowDown`, `InternalError`, `Throttling`. */
  readonly code?: string;
  /** Only calls about this S3 key (or snapshot name). @default every call of the kind */
  readonly key?: string;
  /** How many matching calls fail; the rest are answered normally. @default every one */
  readonly times?: number;
  /** How many matching calls are answered normally before the fault starts. @default 0 */
  readonly after?: number;
}

/** Faults injected into a loopback server's calls, by call name (`HeadObject`, `DescribeSnapshots`…). */
export class Faults {
  private readonly planned: Array<{ call: string; fault: Fault; skip: number; left: number }> = [];
  private readonly stalled = new Set<http.ServerResponse>();

  /** Makes the next matching calls fail. */
  public inject(call: string, fault: Fault): void {
    this.planned.push({ call, fault, skip: fault.after ?? 0, left: fault.times ?? Infinity });
  }

  /** The fault for this call, if one is planned (each use counts against `times`). */
  public take(call: string, key: string): Fault | undefined {
    const planned = this.planned.find((p) => p.call === call && p.left > 0 && (p.fault.key === undefined || p.fault.key === key));
    if (!planned) return undefined;
    if (planned.skip > 0) {
      planned.skip--;
      return undefined;
    }
    planned.left--;
    return planned.fault;
  }

  /** Holds an answer forever (until `clear`), as a stalled server does. */
  public stall(res: http.ServerResponse): void {
    this.stalled.add(res);
    res.on('close', () => this.stalled.delete(res));
  }

  /** Forgets every planned fault and drops every stalled connection. */
  public clear(): void {
    this.planned.length = 0;
    this.stalled.forEach((res) => res.destroy());
    this.stalled.clear();
  }
}
