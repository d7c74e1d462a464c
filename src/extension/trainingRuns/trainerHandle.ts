/**
 * One trainer child process (dist/trainer.js with an IPC channel, started by the launcher). Disposing
 * it stops the trainer gracefully (stop message, which checkpoints and marks the run stopped) and
 * kills it if it has not exited after a grace period: no trainer outlives its run or the extension.
 */
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { isTrainerToHost, type HostToTrainer, type TrainerToHost } from '../../shared/protocol';
import type { LaunchedProcess } from './processLauncher';

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to stderr/stdout. */
  logTail: string[];
}

const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 40;

export class TrainerHandle implements vscode.Disposable {
  private readonly messageEmitter = new vscode.EventEmitter<TrainerToHost>();
  private readonly outputEmitter = new vscode.EventEmitter<string>();
  private readonly exitEmitter = new vscode.EventEmitter<TrainerExit>();
  private readonly logTail: string[] = [];
  private killTimer: NodeJS.Timeout | undefined;
  private exitInfo: TrainerExit | undefined;

  /** Every protocol message from the trainer. */
  readonly onMessage = this.messageEmitter.event;
  /** Each line the trainer prints (stdout/stderr), for the output channel. */
  readonly onOutput = this.outputEmitter.event;
  readonly onExit = this.exitEmitter.event;

  constructor(private readonly launched: LaunchedProcess) {
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.output(line);
      });
    }
    this.child.on('message', (message: unknown) => {
      if (isTrainerToHost(message)) this.messageEmitter.fire(message);
      else this.output(`[host] ignored an unknown message from the trainer: ${JSON.stringify(message).slice(0, 200)}`);
    });
    this.child.on('error', (error) => this.output(`[host] trainer process error: ${error.message}`));
    // Also when the process could not be started at all (a wrong Node path): the run then fails.
    void launched.exited.then(({ code, signal }) => {
      clearTimeout(this.killTimer);
      this.exitInfo = { code, signal, logTail: [...this.logTail] };
      this.exitEmitter.fire(this.exitInfo);
    });
  }

  private get child(): ChildProcess {
    return this.launched.child;
  }

  get pid(): number | undefined {
    return this.launched.pid;
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  send(message: HostToTrainer): boolean {
    if (!this.child.connected) return false;
    this.child.send(message);
    return true;
  }

  /** Asks the trainer to stop (checkpoint, status stopped); kills it after a grace period. */
  stop(graceMs = STOP_GRACE_MS): void {
    if (this.exited) return;
    if (!this.send({ type: 'stop', payload: {} })) this.launched.kill('SIGTERM');
    this.killTimer ??= setTimeout(() => {
      if (!this.exited) {
        this.output(`[host] trainer did not stop within ${graceMs / 1000} s; killing it`);
        this.launched.kill('SIGKILL');
      }
    }, graceMs);
  }

  /** Resolves when the process has exited. */
  whenExited(): Promise<TrainerExit> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => {
      const subscription = this.onExit((exit) => {
        subscription.dispose();
        resolve(exit);
      });
    });
  }

  private output(line: string): void {
    this.logTail.push(line);
    if (this.logTail.length > LOG_TAIL_LINES) this.logTail.shift();
    this.outputEmitter.fire(line);
  }

  dispose(): void {
    this.stop();
    // Emitters stay alive until the exit event has been delivered.
    void this.whenExited().then(() => {
      this.messageEmitter.dispose();
      this.outputEmitter.dispose();
      this.exitEmitter.dispose();
    });
  }
}
