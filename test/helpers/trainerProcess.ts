/** Starts the built trainer bundle as the extension does (fork + IPC) and collects its messages. */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { join } from 'node:path';
import { isTrainerToHost, type HostToTrainer, type TrainerToHost } from '../../src/shared/protocol';

export const TRAINER_BUNDLE = join(__dirname, '..', '..', 'dist', 'trainer.js');

export interface TrainerProcess {
  child: ChildProcess;
  messages: TrainerToHost[];
  stderr: () => string;
  send(message: HostToTrainer): void;
  /** Resolves with the first message matching `predicate` (already received or future). */
  waitFor(predicate: (m: TrainerToHost) => boolean): Promise<TrainerToHost>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `as`: run the trainer as another user (uid/gid), e.g. one that file permissions bind when the tests run as root. */
export function startTrainer(args: string[], as: Pick<ForkOptions, 'uid' | 'gid'> = {}): TrainerProcess {
  const child = fork(TRAINER_BUNDLE, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...as });
  const messages: TrainerToHost[] = [];
  const waiters: { predicate: (m: TrainerToHost) => boolean; resolve: (m: TrainerToHost) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  child.on('message', (m: unknown) => {
    if (!isTrainerToHost(m)) throw new Error(`unknown message from trainer: ${JSON.stringify(m)}`);
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.predicate(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    messages,
    stderr: () => stderr,
    send: (message) => child.send(message),
    waitFor: (predicate) => {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exited.then(() => setImmediate(() => reject(new Error(`trainer exited before the awaited message; stderr: ${stderr}`))));
      });
    },
    exited,
  };
}
