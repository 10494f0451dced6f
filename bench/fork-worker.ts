import { fork } from 'child_process';
import { BenchResult, BenchTask } from './tasks';

/** Longest a single worker may run. */
const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Runs one task in a fresh node process (the transpiled `bench/worker.js`) and resolves with the
 * result it sends back; rejects when it fails, exits without a result, or times out.
 */
export function runInFreshProcess(workerScript: string, env: NodeJS.ProcessEnv, task: BenchTask): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(workerScript, [JSON.stringify(task)], {
      env,
      execArgv: [],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let result: BenchResult | undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.on('message', (m) => {
      result = m as BenchResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve(result);
      else
        reject(
          new Error(
            `worker ${JSON.stringify(task)} ended with ${signal ?? `code ${code}`}${stderr ? `:\n${stderr.trim()}` : ''}`,
          ),
        );
    });
  });
}
