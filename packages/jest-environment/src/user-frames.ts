/** Drops Jest's own frames (jest-circus, jest-runner, …) from a stack printed outside Jest's formatter. */
export function userFrames(stack: string): string {
  return stack
    .split('\n')
    .filter(
      (line) =>
        !/[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(?:jest-[^\\/]+|@jest[\\/][^\\/]+)[\\/]/.test(
          line,
        ),
    )
    .join('\n');
}
