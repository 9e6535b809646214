/**
 * JSON Lines: iterating the lines of a text, and splitting a stream of text chunks into lines
 * (so the CLI can import a file larger than a JavaScript string can hold).
 */

/** The lines of a text with their 1-based numbers; a final line without newline included, `\r` dropped. */
export function* linesOf(text: string): Generator<[string, number]> {
  let start = 0;
  let n = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    n++;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (end < text.length || line !== '') yield [line, n];
    start = end + 1;
  }
}

/** Feed text chunks; complete lines come out in order with their 1-based numbers. */
export class LineSplitter {
  private rest = '';
  private n = 0;

  constructor(private readonly onLine: (line: string, n: number) => void) {}

  push(chunk: string): void {
    let text = this.rest + chunk;
    let nl = text.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      this.emit(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    text = text.slice(start);
    this.rest = text;
  }

  /** The last line, when the text does not end with a newline. */
  end(): void {
    if (this.rest !== '') this.emit(this.rest);
    this.rest = '';
  }

  private emit(line: string): void {
    this.n++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.n);
  }
}
