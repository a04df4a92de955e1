/**
 * Convert in the page: pick a target format, convert into memory (core's `convert` into a
 * `memorySink`), show what the target could not keep, and only then offer the zip for download.
 */
import {
  convert,
  type DatasetItem,
  describeLoss,
  memorySink,
  sourceOf,
  type WriteReport,
} from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import type { ViewerData } from './load.js';
import { registry } from './registry.js';

export class ConvertPanel {
  private readonly select: HTMLSelectElement;
  private readonly report: HTMLElement;
  private readonly download: HTMLButtonElement;
  private zip: { name: string; bytes: Uint8Array } | undefined;
  private data: ViewerData | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly shown: () => DatasetItem[],
  ) {
    this.select = root.querySelector('#convert-format')!;
    this.report = root.querySelector('#convert-report')!;
    this.download = root.querySelector('#convert-download')!;
    const writable = registry.list().filter((f) => f.write);
    this.select.replaceChildren(...writable.map((f) => new Option(`${f.title} (${f.id})`, f.id)));
    root.querySelector('#convert-run')!.addEventListener('click', () => void this.run());
    this.select.addEventListener('change', () => this.reset());
    this.download.addEventListener('click', () => this.save());
  }

  setData(data: ViewerData): void {
    this.data = data;
    this.reset();
  }

  private reset(): void {
    this.zip = undefined;
    this.download.disabled = true;
    this.report.replaceChildren();
  }

  private async run(): Promise<void> {
    const data = this.data;
    if (!data) return;
    this.reset();
    const format = registry.get(this.select.value);
    const onlyShown = this.root.querySelector<HTMLInputElement>('#convert-shown')!.checked;
    const saveMedia = this.root.querySelector<HTMLInputElement>('#convert-media')!.checked;
    const items = onlyShown ? this.shown() : data.items;
    const sink = memorySink(format.id);
    const warnings: string[] = [];
    this.say(`converting ${items.length} items to ${format.id}…`);
    try {
      const report = await convert(sourceOf(data.categories, items), format, sink, {
        saveMedia,
        onWarning: (w) => warnings.push(w),
      });
      const files = Object.fromEntries(sink.files);
      this.zip = {
        name: `${data.name.replace(/\.zip$/i, '')}-${format.id}.zip`,
        bytes: buildZip(files, { compress: true }),
      };
      this.showReport(report, warnings, sink.files.size);
      this.download.disabled = false;
    } catch (e) {
      this.say(`cannot convert: ${(e as Error).message}`, 'error');
    }
  }

  private say(text: string, className = ''): void {
    const p = document.createElement('p');
    p.textContent = text;
    p.className = className;
    this.report.replaceChildren(p);
  }

  private showReport(report: WriteReport, warnings: string[], files: number): void {
    const lossless = Object.keys(report.dropped).length === 0 && Object.keys(report.converted).length === 0;
    this.say(
      `${report.items} items in ${files} files (${(this.zip!.bytes.length / 1024).toFixed(1)} KiB zipped): ${
        lossless ? 'nothing lost' : describeLoss(report)
      }`,
      lossless ? 'ok' : 'loss',
    );
    this.report.dataset.lossless = String(lossless);
    const list = document.createElement('ul');
    for (const w of [...report.warnings, ...warnings].slice(0, 20)) {
      const li = document.createElement('li');
      li.textContent = w;
      list.append(li);
    }
    if (list.children.length) this.report.append(list);
  }

  private save(): void {
    if (!this.zip) return;
    const url = URL.createObjectURL(
      new Blob([this.zip.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = this.zip.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
