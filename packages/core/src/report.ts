/**
 * What a writer could not keep. A silent loss is a bug: every annotation a writer drops or turns into
 * something else is counted here, and the CLI prints it (`--strict` makes any loss an error).
 */
export interface WriteReport {
  /** Items written. */
  items: number;
  /** Dropped things by kind: annotation types, 'attribute', 'objectId', 'media', ... */
  dropped: Record<string, number>;
  /** Conversions by 'from->to'. */
  converted: Record<string, number>;
  warnings: string[];
}

export class ReportBuilder {
  items = 0;
  readonly dropped: Record<string, number> = {};
  readonly converted: Record<string, number> = {};
  readonly warnings: string[] = [];
  private readonly seenWarnings = new Set<string>();

  drop(kind: string, count = 1): void {
    if (count > 0) this.dropped[kind] = (this.dropped[kind] ?? 0) + count;
  }

  convert(from: string, to: string, count = 1): void {
    if (count > 0) this.converted[`${from}->${to}`] = (this.converted[`${from}->${to}`] ?? 0) + count;
  }

  /** A warning, said once however often it happens. */
  warn(message: string): void {
    if (this.seenWarnings.has(message)) return;
    this.seenWarnings.add(message);
    this.warnings.push(message);
  }

  merge(other: WriteReport): void {
    for (const [k, v] of Object.entries(other.dropped)) this.drop(k, v);
    for (const [k, v] of Object.entries(other.converted)) this.converted[k] = (this.converted[k] ?? 0) + v;
    for (const w of other.warnings) this.warn(w);
  }

  build(): WriteReport {
    return {
      items: this.items,
      dropped: { ...this.dropped },
      converted: { ...this.converted },
      warnings: [...this.warnings],
    };
  }
}

export function isLossless(report: WriteReport): boolean {
  return Object.keys(report.dropped).length === 0 && Object.keys(report.converted).length === 0;
}
