/** Runs the `gan-train`, `gan-export` and `gan-sample` bins as a user would, capturing output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const GAN_TRAIN = join(__dirname, '..', '..', 'bin', 'gan-train.js');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stdout has a line matching `pattern`. */
  waitForOutput(pattern: RegExp): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export const GAN_EXPORT = join(__dirname, '..', '..', 'bin', 'gan-export.js');
export const GAN_SAMPLE = join(__dirname, '..', '..', 'bin', 'gan-sample.js');

/** Runs `bin` (gan-train by default) with `args`, in this process's environment plus `env`. */
export function runCli(args: string[], cwd?: string, bin = GAN_TRAIN, env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForOutput: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout)) {
            listeners.splice(listeners.indexOf(check), 1);
            resolve();
          }
        };
        listeners.push(check);
        void done.then(() => reject(new Error(`exited before output matched ${pattern}; stdout: ${stdout}; stderr: ${stderr}`)));
        check();
      }),
    done,
  };
}
