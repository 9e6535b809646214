/**
 * Progress of a recording on stderr. On a terminal: one bar redrawn in place (runs done, failures,
 * elapsed, ETA, requests in flight). Otherwise (a log file, CI): one plain line per finished run.
 */
export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

export interface ItemReport {
  label: string;
  problemId: string;
  ok: boolean;
  seconds: number;
  /** Nodes the run added to the pool. */
  added: number;
  reason?: string;
}

const WIDTH = 28;

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    private readonly alreadyDone: number,
    private readonly quiet: boolean,
    private readonly inFlight: () => number,
  ) {
    if (quiet) return;
    if (sink.isTTY) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref?.();
    } else {
      sink.write(`record: ${total} runs to do${alreadyDone ? ` (${alreadyDone} already in the journal)` : ''}\n`);
    }
  }

  item(r: ItemReport): void {
    this.done++;
    if (!r.ok) this.failed++;
    if (this.quiet) return;
    if (this.sink.isTTY) {
      if (!r.ok) this.sink.write(`\r\x1b[Krecord: ${r.problemId} ${r.label} failed: ${r.reason}\n`);
      this.draw();
    } else {
      const head = `record: [${this.done}/${this.total}] ${r.problemId} ${r.label}`;
      this.sink.write(r.ok ? `${head}: +${r.added} nodes, ${r.seconds.toFixed(1)} s\n` : `${head}: failed: ${r.reason}${r.added > 0 ? ` (its ${r.added} answered samples are kept in the journal for --resume)` : ''}\n`);
    }
  }

  /** A line of its own (a note, a warning), not overwritten by the bar. */
  note(text: string): void {
    if (this.quiet) return;
    this.sink.write(this.sink.isTTY ? `\r\x1b[K${text}\n` : `${text}\n`);
    if (this.sink.isTTY) this.draw();
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.quiet && this.sink.isTTY) {
      this.draw();
      this.sink.write('\n');
    }
  }

  private draw(): void {
    const share = this.total === 0 ? 1 : this.done / this.total;
    const elapsed = (Date.now() - this.started) / 1000;
    const bar = '#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '.');
    const eta = this.done > 0 && this.done < this.total ? `, eta ${clock((elapsed / this.done) * (this.total - this.done))}` : '';
    const failed = this.failed ? `, ${this.failed} failed` : '';
    this.sink.write(`\r\x1b[K[${bar}] ${this.done}/${this.total} runs${failed}  ${clock(elapsed)}${eta}  ${this.inFlight()} requests in flight`);
  }
}

function clock(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
