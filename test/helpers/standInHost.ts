/**
 * A stand-in for the extension host: its own process, which forks the built trainer as
 * TrainerHandle does (IPC channel, output piped to it) and relays every trainer message to its
 * stdout as a JSON line. Killing it is the host going away (window closed, crash) while the
 * trainer lives on as someone else's process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isProcessAlive } from '../../src/extension/trainingRuns/runReader';
import { isTrainerToHost, type TrainerToHost } from '../../src/shared/protocol';
import { TRAINER_BUNDLE } from './trainerProcess';

const HOST_SCRIPT = `
const { fork } = require('node:child_process');
const [script, ...args] = process.argv.slice(1);
const trainer = fork(script, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
trainer.stdout.resume();
trainer.stderr.resume();
trainer.on('message', (m) => process.stdout.write(JSON.stringify(m) + '\\n'));
`;

export interface StandInHost {
  child: ChildProcess;
  messages: TrainerToHost[];
  /** Resolves with the first trainer message matching `predicate` (already relayed or future). */
  waitFor(predicate: (m: TrainerToHost) => boolean): Promise<TrainerToHost>;
}

export function startStandInHost(trainerArgs: string[]): StandInHost {
  const child = spawn(process.execPath, ['-e', HOST_SCRIPT, TRAINER_BUNDLE, ...trainerArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: TrainerToHost[] = [];
  const waiters: { predicate: (m: TrainerToHost) => boolean; resolve: (m: TrainerToHost) => void }[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const message: unknown = JSON.parse(line);
      if (!isTrainerToHost(message)) throw new Error(`unknown message from trainer: ${line.slice(0, 200)}`);
      messages.push(message);
      for (const w of waiters.filter((w) => w.predicate(message))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    messages,
    waitFor: (predicate) => {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exited.then(() => setImmediate(() => reject(new Error(`the host exited before the awaited message; stderr: ${stderr}`))));
      });
    },
  };
}

/**
 * Whether process `pid` still runs. A zombie does not: an orphan that exited waits for PID 1 to
 * reap it, which some containers' PID 1 never does.
 */
export function isRunning(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (command) state …"; the command may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync('/proc/self') ? false : true; // gone meanwhile; without /proc, trust kill(pid, 0)
  }
}

/** Pids of the processes whose command line contains `text` (Linux /proc; [] elsewhere). */
export function processesMentioning(text: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}
