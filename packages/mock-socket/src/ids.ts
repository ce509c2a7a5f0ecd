let counter = 0;
const prefix = Math.random().toString(36).slice(2, 6);
// `kind-prefix-` for each kind, made once: an id is then one concatenation (a socket is made per connection).
const kindPrefixes = new Map<string, string>();

/** An id unique within this process, e.g. `mock-socket-k3f9-12` (the prefix tells copies of the package apart). */
export function nextId(kind: string): string {
  counter += 1;
  let start = kindPrefixes.get(kind);
  if (start === undefined) {
    start = `${kind}-${prefix}-`;
    kindPrefixes.set(kind, start);
  }
  return start + counter;
}
