import { TextSink } from './command';
import { formatBytes } from '../model/units';

/** Redraws at most this often. */
const REDRAW_MS = 100;
const BAR_WIDTH = 30;

/**
 * A one-line progress bar on a terminal's stderr, redrawn in place; silent when stderr is not a
 * terminal, so redirected output and pipes never see it.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: TextSink,
    private readonly label: string,
    /** The file's size, when known (not for stdin). */
    private readonly total: number | undefined,
  ) {}

  /** Shows that `bytes` have been read. */
  public update(bytes: number): void {
    const now = Date.now();
    if (!this.stream.isTTY || now - this.lastDraw < REDRAW_MS) {
      return;
    }
    this.lastDraw = now;
    this.drawn = true;
    const line = this.total
      ? `${this.bar(bytes / this.total)} ${Math.floor((bytes / this.total) * 100)}% ${formatBytes(bytes)} of ${formatBytes(this.total)} ${this.label}`
      : `${formatBytes(bytes)} read from ${this.label}`;
    const width = this.width();
    this.stream.write(`\r${line.slice(0, width).padEnd(width)}`);
  }

  /** Erases the bar. */
  public done(): void {
    if (this.drawn) {
      this.stream.write(`\r${' '.repeat(this.width())}\r`);
      this.drawn = false;
    }
  }

  /** The line's width: one less than the terminal's, so the cursor never wraps. */
  private width(): number {
    // A terminal that reports no size (`script`, `docker -t`, some CI runners) says 0 or nothing.
    const columns = this.stream.columns || 80;
    return Math.max(columns - 1, 0);
  }

  private bar(fraction: number): string {
    const filled = Math.round(Math.min(1, fraction) * BAR_WIDTH);
    return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  }
}
