import type { FileSink, FileWriter } from '@labelport/core';
import { csvRow } from '@labelport/core/files';

/** A CSV file written as it goes, opened on its first row (Datumaro writes no empty annotation files). */
export class LazyCsv {
  private writer?: FileWriter;
  private buffer = '';
  constructor(
    private readonly sink: FileSink,
    readonly path: string,
    private header: string[] | undefined,
  ) {}

  /** Sets the header while nothing is written yet; false when it is too late. */
  setHeader(header: string[]): boolean {
    if (this.writer || this.buffer) return false;
    this.header = header;
    return true;
  }

  get started(): boolean {
    return this.writer !== undefined;
  }

  headerNames(): string[] | undefined {
    return this.header;
  }

  async row(values: (string | number | undefined)[]): Promise<void> {
    await this.line(csvRow(values));
  }

  /** A raw line (with its newline): JSON Lines files go through here too. */
  async line(text: string): Promise<void> {
    if (!this.writer) {
      this.writer = await this.sink.open(this.path);
      if (this.header) this.buffer += csvRow(this.header);
    }
    this.buffer += text;
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.writer && this.buffer) {
      await this.writer.write(this.buffer);
      this.buffer = '';
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer?.close();
  }
}
