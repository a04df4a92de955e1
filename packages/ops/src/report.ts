/**
 * What an operation did. Operations are lazy: the counts fill in while the returned source is read,
 * and start again from zero each time its items are read.
 */
export interface OpReport {
  /** The operation's name (`remap_labels`, `filter`, ...). */
  operation: string;
  itemsIn: number;
  itemsOut: number;
  /** Items removed (filtered out, or dropped by `remove_images`). */
  itemsRemoved: number;
  /** Items whose id, subset, attributes or annotations the operation changed. */
  itemsChanged: number;
  annotationsRemoved: number;
  annotationsAdded: number;
  annotationsChanged: number;
  /** Conversions by 'from->to' (`polygon->mask`: 12). */
  converted: Record<string, number>;
  /** Things worth saying once (an item without an image size that a transform needed). */
  notes: string[];
}

export function emptyReport(operation: string): OpReport {
  return {
    operation,
    itemsIn: 0,
    itemsOut: 0,
    itemsRemoved: 0,
    itemsChanged: 0,
    annotationsRemoved: 0,
    annotationsAdded: 0,
    annotationsChanged: 0,
    converted: {},
    notes: [],
  };
}

/** Resets a report's counts in place (a source read a second time counts again from zero); notes stay. */
export function resetReport(report: OpReport): void {
  Object.assign(report, emptyReport(report.operation), { notes: report.notes });
}

export function noteOnce(report: OpReport, note: string): void {
  if (!report.notes.includes(note)) report.notes.push(note);
}

export function countConversion(report: OpReport, from: string, to: string, n = 1): void {
  if (n > 0) report.converted[`${from}->${to}`] = (report.converted[`${from}->${to}`] ?? 0) + n;
}

/** One line per operation: what it changed. */
export function describeOpReport(r: OpReport): string {
  const parts = [`${r.itemsOut} items out of ${r.itemsIn}`];
  if (r.itemsRemoved) parts.push(`${r.itemsRemoved} items removed`);
  if (r.itemsChanged) parts.push(`${r.itemsChanged} items changed`);
  if (r.annotationsRemoved) parts.push(`${r.annotationsRemoved} annotations removed`);
  if (r.annotationsAdded) parts.push(`${r.annotationsAdded} annotations added`);
  if (r.annotationsChanged) parts.push(`${r.annotationsChanged} annotations changed`);
  for (const [k, v] of Object.entries(r.converted)) parts.push(`${v} ${k}`);
  return `${r.operation}: ${parts.join(', ')}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`;
}

/** The result of every operation: a lazy source and the report it fills while being read. */
export interface OpResult {
  source: import('@labelport/core').DatasetSource;
  report: OpReport;
}
