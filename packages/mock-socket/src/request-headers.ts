import { optionReader } from './errors';

const read = optionReader('MockWebSocket');
// RFC 9110 token characters, the only ones allowed in a header name.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Reads a client's `{ headers }` option (not in the WHATWG standard): names
 * lower-cased, values as strings. Built with `Object.fromEntries`, so a header
 * named `__proto__` is an own property and never a prototype.
 */
export function readHeaders(options: unknown): Record<string, string> {
  if (options === undefined || options === null) return {};
  const { headers } = read.object<{ headers: unknown }>(options, ['headers']) ?? {};
  if (headers === undefined || headers === null) return {};
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw read.invalid('headers', 'an object of header names to values', headers);
  const entries = Object.entries(headers).map(([name, value]): [string, string] => {
    if (!TOKEN.test(name)) throw read.invalid('headers', 'header names that are HTTP tokens', name);
    return [name.toLowerCase(), String(value)];
  });
  return Object.fromEntries(entries);
}
