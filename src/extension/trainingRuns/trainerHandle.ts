/**
 * One trainer child process (dist/trainer.js, forked with an IPC channel). Disposing it stops the
 * trainer gracefully (stop message, which checkpoints and marks the run stopped) and kills it if
 * it has not exited after a grace period: no trainer outlives its run or the extension.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { constants as osConstants, setPriority } from 'node:os';
import * as vscode from 'vscode';
import { isTrainerToHost, type HostToTrainer, type TrainerToHost } from '../../shared/protocol';
import type { TrainerPriority } from '../settings';

export interface TrainerLaunch {
  /** Absolute path of the trainer bundle. */
  script: string;
  args: string[];
  /** Node executable; empty: this extension host's runtime. */
  nodePath: string;
  cwd: string;
  /** `belowNormal`: the OS schedules the editor first, the trainer gets every idle cycle. */
  priority: TrainerPriority;
}

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to stderr/stdout. */
  logTail: string[];
}

const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 40;

export class TrainerHandle implements vscode.Disposable {
  private readonly child: ChildProcess;
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

  constructor(launch: TrainerLaunch) {
    this.child = fork(launch.script, launch.args, {
      cwd: launch.cwd,
      execPath: launch.nodePath || process.execPath,
      // The extension host may be Electron: make its binary behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.output(line);
      });
    }
    if (launch.priority === 'belowNormal' && this.child.pid) lowerPriority(this.child.pid, (line) => this.output(line));
    this.child.on('message', (message: unknown) => {
      if (isTrainerToHost(message)) this.messageEmitter.fire(message);
      else this.output(`[host] ignored an unknown message from the trainer: ${JSON.stringify(message).slice(0, 200)}`);
    });
    this.child.on('error', (error) => this.output(`[host] trainer process error: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      clearTimeout(this.killTimer);
      this.exitInfo = { code, signal, logTail: [...this.logTail] };
      this.exitEmitter.fire(this.exitInfo);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
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
    if (!this.send({ type: 'stop', payload: {} })) this.child.kill('SIGTERM');
    this.killTimer ??= setTimeout(() => {
      if (!this.exited) {
        this.output(`[host] trainer did not stop within ${graceMs / 1000} s; killing it`);
        this.child.kill('SIGKILL');
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

/**
 * Trainers use every core they get; below normal priority the editor (extension host, renderer)
 * stays responsive while they train, and they still get all the CPU nothing else wants.
 */
function lowerPriority(pid: number, log: (line: string) => void): void {
  try {
    setPriority(pid, osConstants.priority.PRIORITY_BELOW_NORMAL);
  } catch (e) {
    log(`[host] could not lower the trainer's priority: ${e instanceof Error ? e.message : String(e)}`);
  }
}
