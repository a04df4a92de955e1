// @labelport/core/testing: the conformance kit a format package (ours or a third party's) runs on itself.
export { describeFormat, type DescribeFormatOptions, type FormatFixture, type BadInput, type RoundTrip } from './describe-format.js';
export { normalizeDataset, type CompareOptions } from './compare.js';
export { expectSameDataset, readAll, countAnnotations, fixturesDir, writeAndReadBack } from './expect.js';
