/** Runs `fn` and returns what it threw, or `undefined` when it returned: for tables of bad input that assert on the error's `code`. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
