import path from 'node:path';
import ts from 'typescript';
import type { Example } from './extract-examples';

/**
 * How a user's project compiles the examples: ESM with top-level await,
 * `exports` maps read as a bundler does, strict, Jest's globals and Node's
 * types present (examples run in tests). Each block is a module of its own.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node', 'jest'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

/** One finding of the compiler, placed at its README line. */
export interface ExampleProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Type-checks every example in one program, as files that exist only in
 * memory inside `dir` (so imports resolve through `dir`'s node_modules to the
 * built packages), and returns each example's problems.
 */
export function typeCheckExamples(examples: readonly Example[], dir: string): Map<Example, ExampleProblem[]> {
  const files = new Map<string, Example>();
  examples.forEach((example, index) => {
    const slug = path.basename(path.dirname(path.resolve(example.file)));
    files.set(path.join(dir, `readme-example-${slug}-${index}.ts`), example);
  });
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const example = files.get(name);
    return example === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, example.code, language);
  };
  const program = ts.createProgram([...files.keys()], COMPILER_OPTIONS, host);
  const problems = new Map<Example, ExampleProblem[]>();
  for (const [name, example] of files) {
    const source = program.getSourceFile(name);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    problems.set(
      example,
      diagnostics.map((diagnostic) => {
        const offset =
          diagnostic.file && diagnostic.start !== undefined
            ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
            : 0;
        return { line: example.line + offset, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') };
      }),
    );
  }
  return problems;
}
