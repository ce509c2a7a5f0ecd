import { spawn, type ChildProcess } from 'node:child_process';

/** Busy Node processes, one per `count`, so a run happens on a loaded machine; `stop()` kills each by its pid. */
export function startCpuBurners(count: number): { stop(): void } {
  const burners: ChildProcess[] = [];
  for (let i = 0; i < count; i += 1) {
    burners.push(spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
  }
  return {
    stop(): void {
      for (const burner of burners) burner.kill('SIGKILL');
    },
  };
}
