/** The longest rendering `show()` returns before it cuts the rest off with `…`. */
export const SHOW_MAX_LENGTH = 200;

/**
 * A short, readable rendering of any value for the "received …" part of an
 * error message: strings quoted, functions by name, objects as JSON. Never
 * throws (circular objects, throwing `toJSON`, proxies fall back to a tag), and
 * never longer than `maxLength` characters plus the `…`, so a 10 MB payload
 * cannot make a 10 MB message.
 */
export function show(value: unknown, maxLength = SHOW_MAX_LENGTH): string {
  return bound(render(value), maxLength);
}

function render(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) return json;
    } catch {
      // Circular or otherwise unserialisable: fall through to the tag.
    }
    return tag(value);
  }
  return String(value);
}

function tag(value: object): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '[object]';
  }
}

function bound(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
