import { setMaxListeners } from 'events';

/** A call the deadline stopped: which one, for the `preflight-incomplete` finding. */
export class CallStopped extends Error {
  constructor(public readonly call: string) {
    super(`${call} was stopped at the preflight's deadline`);
    this.name = 'CallStopped';
  }
}

/**
 * The one deadline of an invocation: the function's remaining time less a margin for the answer.
 * Every AWS call and every stream read runs through `run`, so none outlives it, whatever the
 * SDK's retries or a stalled connection do.
 */
export class Deadline {
  /** A deadline `ms` from now. */
  public static in(ms: number): Deadline {
    return new Deadline(Date.now() + Math.max(0, ms));
  }

  /** Aborted at the deadline: hand it to every SDK call (`abortSignal`). */
  public readonly signal: AbortSignal;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly at: number) {
    const controller = new AbortController();
    this.signal = controller.signal;
    // One listener per call in flight (files at once × ranges ahead × 2): more than Node's 10 to warn at.
    setMaxListeners(100, this.signal);
    // What a reader that checks the signal itself (the RDB scan between two ranges) reports.
    this.timer = setTimeout(() => controller.abort(new CallStopped('the scan')), Math.max(0, at - Date.now()));
  }

  /** Milliseconds left. */
  public get remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  /**
   * `work`, settled by the deadline at the latest: then it rejects with `CallStopped(call)`,
   * whatever `work` is waiting for.
   */
  public async run<T>(call: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.signal.aborted) throw new CallStopped(call);
    let onAbort!: () => void;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(new CallStopped(call));
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
    const working = work(this.signal);
    // When the deadline wins the race, work's own (later) rejection has no one to hear it.
    working.catch(() => undefined);
    try {
      return await Promise.race([working, stopped]);
    } catch (error) {
      throw this.signal.aborted ? new CallStopped(call) : error;
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Waits `ms`, or less when the deadline comes first (then throws `CallStopped(call)`). */
  public async sleep(ms: number, call: string): Promise<void> {
    // A sleep that would end at or after the deadline waits for the deadline alone: two timers due
    // at the same moment fire in either order.
    const sleeping = ms >= this.remainingMs ? new Promise<never>(() => {}) : new Promise<void>((resolve) => setTimeout(resolve, ms));
    await this.run(call, () => sleeping);
  }

  /** Releases the timer once the check is done. */
  public dispose(): void {
    clearTimeout(this.timer);
  }
}
