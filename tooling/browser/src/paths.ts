import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The monorepo root and the folders the browser suite works in. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PACKAGES = `${ROOT}packages/`;
export const HERE = fileURLToPath(new URL('../', import.meta.url));
/** Bundles and the page of a run (git-ignored); one folder per process, so that runs do not collide. */
export const OUT = `${HERE}.out/run-${process.pid}/`;

/** A package of the suite: a format package or the meta-package `labelport`. */
export interface PackageInfo {
  /** Folder under packages/. */
  dir: string;
  /** npm name. */
  name: string;
  /** Its entry, as TypeScript source. */
  entry: string;
}

/** Every format package and the meta-package (in packages/formats), sorted by folder. */
export function formatPackages(): PackageInfo[] {
  return readdirSync(PACKAGES)
    .filter((d) => d.startsWith('format-') || d === 'formats')
    .sort()
    .map((dir) => ({
      dir,
      name: dir === 'formats' ? 'labelport' : `@labelport/${dir}`,
      entry: `${PACKAGES}${dir}/src/index.ts`,
    }));
}
