let counter = 0;
const prefix = Math.random().toString(36).slice(2, 6);

/** An id unique within this process, e.g. `mock-socket-k3f9-12` (the prefix tells copies of the package apart). */
export function nextId(kind: string): string {
  counter += 1;
  return `${kind}-${prefix}-${counter}`;
}
