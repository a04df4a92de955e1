import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { apiReport, reportFile } from '../../../scripts/api-report.mjs';

it('the public API report (packages/core/api/core.api.md) matches the source: update it with node scripts/api-report.mjs --write and review the change', () => {
  const checkedIn = readFileSync(reportFile, 'utf8');
  expect(apiReport()).toBe(checkedIn);
});
