// @labelport/core/testing: the conformance kit a format package (ours or a third party's) runs on itself.

export { type CompareOptions, normalizeDataset } from './compare.js';
export {
  type BadInput,
  checkRoundTrip,
  type DescribeFormatOptions,
  describeFormat,
  type FormatFixture,
  type RoundTrip,
} from './describe-format.js';
export {
  countAnnotations,
  expectLossKeys,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from './expect.js';
export { copyTree, expectJsonLayoutIndependent, expectUnrelatedFileNamed } from './file-properties.js';
