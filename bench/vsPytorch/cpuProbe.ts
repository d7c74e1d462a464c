/**
 * Preloaded (`--import`) into the processes the overhead benchmark forks: records this process's CPU
 * time (all threads) between the `started` and `finished` messages it sends, and writes it on exit
 * to the file named by GAN_BENCH_CPU_FILE. The trainer itself is not changed.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.GAN_BENCH_CPU_FILE;
const send = process.send?.bind(process);
if (file && send) {
  let start: NodeJS.CpuUsage | undefined;
  let used: NodeJS.CpuUsage | undefined;
  process.send = ((message: unknown, ...rest: unknown[]) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'started') start = process.cpuUsage();
    if (type === 'finished' && start) used = process.cpuUsage(start);
    return (send as (...args: unknown[]) => boolean)(message, ...rest);
  }) as typeof process.send;
  process.on('exit', () => {
    if (used) writeFileSync(file, JSON.stringify({ cpuSeconds: (used.user + used.system) / 1e6 }));
  });
}
