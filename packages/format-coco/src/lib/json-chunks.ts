import type { FileSink, FileWriter } from '@labelport/core';

const FLUSH_AT = 64 << 10;

/**
 * Text written to a sink file in chunks of about 64 KiB: many small strings are gathered and joined,
 * so the output is never built as one giant string or object.
 */
export class JsonChunks {
  private parts: string[] = [];
  private size = 0;

  private constructor(private readonly writer: FileWriter) {}

  static async open(sink: FileSink, path: string): Promise<JsonChunks> {
    return new JsonChunks(await sink.open(path));
  }

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  get full(): boolean {
    return this.size >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.writer.write(text);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}
