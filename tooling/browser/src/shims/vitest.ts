// Stands in for vitest while a package's test files are evaluated only to collect the fixtures they
// hand to describeFormat: `describe` runs its body (describeFormat may sit inside one), tests and hooks
// do nothing, and `expect`/`vi` accept any use.
type Anything = ((...args: unknown[]) => Anything) & { [key: string]: Anything };

function inert(): Anything {
  const target = (() => undefined) as unknown as Anything;
  return new Proxy(target, { get: () => inert(), apply: () => inert() }) as Anything;
}

function runner(run: boolean): Anything {
  const target = (() => undefined) as unknown as Anything;
  return new Proxy(target, {
    // describe.skip / describe.skipIf(c) / describe.each(t): run the body once, without arguments.
    get: () => runner(run),
    apply: (_t, _this, args: unknown[]) => {
      const body = args.find((a) => typeof a === 'function') as (() => unknown) | undefined;
      if (run && body) {
        try {
          body();
        } catch {
          // a describe body that needs the real vitest: its describeFormat calls (if any) are lost
        }
      }
      return runner(run);
    },
  }) as Anything;
}

export const describe = runner(true);
export const suite = describe;
export const it = runner(false);
export const test = it;
export const bench = it;
export const beforeAll = runner(false);
export const beforeEach = runner(false);
export const afterAll = runner(false);
export const afterEach = runner(false);
export const expect = inert();
export const expectTypeOf = inert();
export const assert = inert();
export const vi = inert();
