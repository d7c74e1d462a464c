/**
 * Entry of the trainer child process (forked by the extension host with an IPC channel).
 * Arguments are the CLI's; messages follow src/shared/protocol.ts. When the IPC channel closes
 * (the host went away) the run checkpoints, is marked stopped, and the process exits.
 */
import { isHostToTrainer, type HostToTrainer, type TrainerToHost } from '../shared/protocol';
import { setWasmThreads } from './backends/wasmThreadsSetting';
import { parseTrainArgs } from './cli/args';
import { UsageError } from './cli/options';
import { ExperimentFileError, loadTrainingInput } from './loadExperiment';
import { ResumeError } from './run/resume';
import { trainerFor, type Trainer } from './trainer';

/**
 * A message to the host. When the host has just gone away, the send fails (EPIPE) before the
 * channel reports the disconnect; without a callback Node raises that as an uncaught error and the
 * trainer dies with run.json still `running`. The message is dropped instead: the disconnect that
 * follows stops the run (checkpoint, status `stopped`).
 */
function send(message: TrainerToHost): void {
  if (process.connected) process.send?.(message, undefined, undefined, dropIfHostGone);
}

function dropIfHostGone(): void {}

function handle(trainer: Trainer, message: HostToTrainer): void {
  switch (message.type) {
    case 'stop':
      return trainer.stop();
    case 'pause':
      return trainer.pause();
    case 'resume':
      return trainer.resume();
    case 'updateHyperparameters':
      return trainer.updateHyperparameters(message.payload);
    case 'sampleNow':
      return trainer.sampleNow();
    case 'recordEvent':
      try {
        return trainer.recordEvent(message.payload);
      } catch (e) {
        // A full disk: the run fails at its next write; this event is lost with a word in the log.
        return send({ type: 'log', payload: { level: 'warning', message: `could not record an event: ${(e as Error).message}` } });
      }
  }
}

async function main(): Promise<number> {
  if (!process.send) {
    process.stderr.write('trainerProcess: must be started with an IPC channel (child_process.fork); use gan-train in a terminal\n');
    return 2;
  }
  const args = parseTrainArgs(process.argv.slice(2));
  if (args === 'help') return 0;
  setWasmThreads(args.threads);
  let input;
  try {
    input = await loadTrainingInput(args);
  } catch (e) {
    const error =
      e instanceof ExperimentFileError || e instanceof UsageError
        ? e.message
        : e instanceof ResumeError
          ? `cannot resume: ${e.message}`
          : String(e);
    send({ type: 'failed', payload: { status: 'failed', error, meta: null } });
    return 1;
  }
  const trainer = trainerFor(args, input, send);
  process.on('message', (message: unknown) => {
    if (isHostToTrainer(message)) handle(trainer, message);
    else
      send({
        type: 'log',
        payload: {
          level: 'warning',
          message: `trainer: ignored an unknown message from the host: ${JSON.stringify(message).slice(0, 200)}`,
        },
      });
  });
  process.on('disconnect', () => trainer.stop());
  process.on('SIGTERM', () => trainer.stop());
  process.on('SIGINT', () => trainer.stop());
  const status = await trainer.run();
  return status === 'completed' || status === 'stopped' ? 0 : 1;
}

main().then(
  (code) => {
    // Let the last IPC messages flush before exiting.
    if (process.connected) process.disconnect();
    process.exitCode = code;
  },
  (e: unknown) => {
    send({
      type: 'failed',
      payload: { status: 'failed', error: `internal error: ${e instanceof Error ? e.message : String(e)}`, meta: null },
    });
    process.exitCode = 1;
  },
);
