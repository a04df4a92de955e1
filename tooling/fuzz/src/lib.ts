// The fuzz library as the parent process uses it (bundled with the worker's sources).
export { type FuzzCase, makeCase, type Seed } from './mutate.js';
export { Rng } from './rng.js';
export { writable } from './run-case.js';
