/** Drops the test runner's own frames (jest-circus, @vitest/runner, …) from a stack printed outside its formatter. */
export function userFrames(stack: string): string {
  return stack
    .split('\n')
    .filter(
      (line) =>
        !/[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(?:jest-[^\\/]+|@jest[\\/][^\\/]+|vitest|@vitest[\\/][^\\/]+)[\\/]/.test(
          line,
        ),
    )
    .join('\n');
}
