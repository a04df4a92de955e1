// The page's script: imports packages on request and runs the harness on fixtures fetched as zips.
import type { AnyFormat } from '@labelport/core';
import { detectAndRead, type FixtureJob, type FixtureOutcome, runFixture } from './harness.js';

/** A fixture as the page receives it: its zip is fetched from the suite's server. */
export type PageJob = Omit<FixtureJob, 'zip'> & { url: string };

export interface PageRun {
  /** Packages of `targetDirs` that could not be imported (their own tests fail). */
  unavailable: string[];
  targets: string[];
  outcomes: FixtureOutcome[];
}

const loaded = new Map<string, Promise<AnyFormat[]>>();

function load(dir: string): Promise<AnyFormat[]> {
  let p = loaded.get(dir);
  if (!p) {
    // a URL, not a literal path: the package is a module of its own, loaded when asked for
    const url = new URL(`./pkg/${dir}.js`, import.meta.url).href;
    p = import(url).then((m: { formats?: AnyFormat[] }) => m.formats ?? []);
    loaded.set(dir, p);
  }
  return p;
}

async function fetchJob(job: PageJob): Promise<FixtureJob> {
  const res = await fetch(job.url);
  if (!res.ok) throw new Error(`${job.url}: HTTP ${res.status}`);
  const { url: _url, ...rest } = job;
  return { ...rest, zip: new Uint8Array(await res.arrayBuffer()) };
}

const suite = {
  /** Imports a package: undefined when it loads, else the error. */
  async importPackage(dir: string): Promise<{ error?: string; formats: string[] }> {
    try {
      return { formats: (await load(dir)).map((f) => f.id) };
    } catch (e) {
      return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), formats: [] };
    }
  },

  /** Runs a package's fixtures against every format of `targetDirs` that loads. */
  async run(dir: string, jobs: PageJob[], targetDirs: string[]): Promise<PageRun> {
    const own = await load(dir);
    const unavailable: string[] = [];
    const targets: AnyFormat[] = [];
    for (const t of targetDirs) {
      try {
        targets.push(...(await load(t)));
      } catch {
        unavailable.push(t);
      }
    }
    const outcomes: FixtureOutcome[] = [];
    for (const job of jobs) {
      const format = own.find((f) => f.id === job.format);
      if (!format) throw new Error(`${dir} has no format ${job.format}`);
      outcomes.push(await runFixture(format, targets, await fetchJob(job)));
    }
    return { unavailable, targets: targets.map((t) => t.id), outcomes };
  },

  /** The meta-package's detection and read of each fixture. */
  async detect(dir: string, jobs: PageJob[]): Promise<string[]> {
    const formats = await load(dir);
    const out: string[] = [];
    for (const job of jobs) out.push(await detectAndRead(formats, await fetchJob(job)));
    return out;
  },
};

export type Suite = typeof suite;
(globalThis as { labelportSuite?: Suite }).labelportSuite = suite;
