/** Wall-clock and CPU time of a piece of work, in milliseconds. */
export interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Runs `work` and measures it: wall clock (`performance.now`) and process CPU time (user + system). */
export function timed<T>(work: () => T): { readonly value: T; readonly timing: Timing } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, timing: { ms, cpuMs: (cpu.user + cpu.system) / 1000 } };
}
