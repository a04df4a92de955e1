/**
 * Headless Chromium for the viewer's tests, found and launched as the browser suite does (Debian's
 * /usr/bin/chromium or CHROMIUM_PATH, driven by playwright-core). Tests skip, saying so once, without it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium as launch } from '@labelport/browser-tests/chromium';
import type { Browser } from 'playwright-core';

export const chromiumPath = findChromium();
export const hasChromium = chromiumPath !== undefined;
export const viewerDist = fileURLToPath(new URL('../dist/', import.meta.url));
export const hasBuild = existsSync(`${viewerDist}index.html`);
export const artefacts = fileURLToPath(new URL('../test-artefacts/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  mkdirSync(artefacts, { recursive: true });
  return launch(chromiumPath!);
}
