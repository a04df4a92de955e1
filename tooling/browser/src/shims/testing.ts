// Stands in for @labelport/core/testing while test files are evaluated to collect their fixtures:
// everything is the real kit except describeFormat, which records its arguments.
import type { AnyFormat } from '@labelport/core';
import type { DescribeFormatOptions } from '../../../../packages/core/src/testing/index.js';

export * from '../../../../packages/core/src/testing/index.js';

export interface CapturedSuite {
  format: AnyFormat;
  options: DescribeFormatOptions;
}

const store = globalThis as { __labelportSuites?: CapturedSuite[] };

export function describeFormat(format: AnyFormat, options: DescribeFormatOptions = {}): void {
  store.__labelportSuites ??= [];
  store.__labelportSuites.push({ format, options });
}
