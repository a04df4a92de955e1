import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkPackages } from '../../../scripts/package-metadata.mjs';

it('every publishable package has a LICENSE, a README, repository/homepage/bugs/keywords and require()-able exports (fix with node scripts/package-metadata.mjs --write)', () => {
  expect(checkPackages()).toEqual([]);
});
