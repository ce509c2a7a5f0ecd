import vm from 'node:vm';

type CompileFunction = typeof vm.compileFunction;

/** A module's source and V8's code cache for it, by file name. */
const cache = new Map<string, { source: string; data: Buffer }>();
let installed = false;

/**
 * Gives jest-runtime's module compilation a V8 code cache in this warm
 * worker. A warm worker loads the same modules (Jest's own expect, circus and
 * snapshot code, the project's helpers) into a fresh module registry for every
 * test; Jest parses and compiles each anew, which is a large part of a warm
 * call. The modules still run afresh in each test's own context: the cache
 * only spares V8 the parsing, and V8 checks it against the source (a changed
 * file is compiled normally). Only calls shaped like jest-runtime's (a
 * parsing context and CommonJS wrapper parameters) are cached.
 */
export function installCodeCache(): void {
  if (installed) return;
  installed = true;
  const original: CompileFunction = vm.compileFunction;
  const cached = function (
    this: unknown,
    code: string,
    params?: readonly string[],
    options?: vm.CompileFunctionOptions,
  ): ReturnType<CompileFunction> {
    const filename = options?.filename;
    if (
      filename === undefined ||
      options?.parsingContext === undefined ||
      options.cachedData !== undefined ||
      options.produceCachedData === true ||
      params?.includes('__filename') !== true
    )
      return original.call(this, code, params, options);
    const entry = cache.get(filename);
    if (entry !== undefined && entry.source === code)
      return original.call(this, code, params, { ...options, cachedData: entry.data });
    const compiled = original.call(this, code, params, { ...options, produceCachedData: true });
    if (compiled.cachedData !== undefined) cache.set(filename, { source: code, data: compiled.cachedData });
    return compiled;
  };
  vm.compileFunction = cached as CompileFunction;
}
