import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Globals a browser-like context (jsdom's window) lacks and Node packages
 * use; loaded modules get this realm's as parameters, so the page's own
 * globals stay as jsdom made them.
 */
const NODE_GLOBALS: Readonly<Record<string, unknown>> = {
  Buffer,
  TextEncoder,
  TextDecoder,
};

const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', ...Object.keys(NODE_GLOBALS)];

/**
 * Loads a CommonJS package, and what it requires, inside a vm context (the
 * test's global), resolved as Node would from `fromFile`; builtins come from
 * this realm. Its `globalThis` is the test's, so the ambient registry and mock
 * network it finds there are the ones the test's own modules find.
 */
export function requireInContext(context: vm.Context, specifier: string, fromFile: string): unknown {
  const cache = new Map<string, { exports: unknown }>();
  const load = (request: string, parentFile: string): unknown => {
    const parentRequire = createRequire(parentFile);
    if (isBuiltin(request)) return parentRequire(request);
    const file = parentRequire.resolve(request);
    const cached = cache.get(file);
    if (cached !== undefined) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(fs.readFileSync(file, 'utf8'));
      return module.exports;
    }
    const wrapper = vm.compileFunction(fs.readFileSync(file, 'utf8'), WRAPPER_PARAMETERS, {
      parsingContext: context,
      filename: file,
    });
    const localRequire = (child: string): unknown => load(child, file);
    wrapper.call(
      module.exports,
      module.exports,
      localRequire,
      module,
      file,
      path.dirname(file),
      ...Object.values(NODE_GLOBALS),
    );
    return module.exports;
  };
  return load(specifier, fromFile);
}
