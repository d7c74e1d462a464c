/**
 * A real single-node Slurm cluster for the sweep tests, brought up by hand (there is no systemd):
 * a munge key and munged on a socket of its own, a slurm.conf written into a temporary folder
 * (this machine's CPUs and memory as `slurmd -C` reports them, free ports), then slurmctld and
 * slurmd in the foreground as children of the test. `stop()` cancels every job, stops the daemons
 * (SIGTERM, then SIGKILL) and removes the folder; call it from an after hook so it runs when tests
 * fail. `startSlurmCluster` throws, with the daemons' logs, when the cluster does not come up:
 * the tests then fail, they do not skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSlurm } from '../../scripts/requirements';

export interface SlurmCluster {
  /** The temporary folder with slurm.conf, the state, the logs and the "shared" folder. */
  dir: string;
  /** Storage every node sees (one node here): where the tests put their sweep folders. */
  shared: string;
  /** The environment Slurm's commands need (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  cpus: number;
  /** Runs a Slurm command (squeue, scancel, …) against this cluster. */
  command(name: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return `${file}: (not written)`;
  return `${file}:\n${readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')}`;
}

function stopChild(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  requireSlurm();
  const dir = mkdtempSync(join(tmpdir(), 'gan-slurm-'));
  const shared = join(dir, 'shared');
  for (const sub of ['ctld', 'd', 'munge', 'shared']) mkdirSync(join(dir, sub), { mode: 0o700 });
  const conf = join(dir, 'slurm.conf');
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const run = (name: string, args: string[]) => {
    const r = spawnSync(name, args, { env, encoding: 'utf8', timeout: 30_000 });
    if (r.error) throw new Error(`${name}: ${r.error.message}`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const daemon = (name: string, args: string[], log: string) => {
    const child = spawn(name, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => writeFileSync(`${log}.exit`, `${name} exited (${code ?? signal})\n${stderr}`));
    children.push(child);
  };
  const stop = async () => {
    const jobs = run('squeue', ['-h', '-o', '%A']);
    const ids = [
      ...new Set(
        jobs.stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length > 0) {
      run('scancel', ids);
      for (let i = 0; i < 30 && run('squeue', ['-h', '-o', '%A']).stdout.trim() !== ''; i++) await sleep(500);
    }
    // slurmd, then slurmctld, then munged (each stops within seconds on SIGTERM).
    for (const child of [...children].reverse()) await stopChild(child, 10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const key = join(dir, 'munge', 'munge.key');
    const made = spawnSync('mungekey', ['--create', `--keyfile=${key}`], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mungekey failed: ${made.stderr}`);
    const socket = join(dir, 'munge', 'munge.socket');
    daemon(
      'munged',
      [
        '-F',
        '--force',
        `--socket=${socket}`,
        `--key-file=${key}`,
        `--pid-file=${join(dir, 'munge', 'munged.pid')}`,
        `--log-file=${join(dir, 'munged.log')}`,
        `--seed-file=${join(dir, 'munge', 'seed')}`,
      ],
      join(dir, 'munged.log'),
    );
    for (let i = 0; i < 50 && !existsSync(socket); i++) await sleep(100);
    if (!existsSync(socket)) throw new Error(`munged did not create ${socket}\n${tail(join(dir, 'munged.log'))}`);
    // "NodeName=vm CPUs=2 Boards=1 … RealMemory=24105": this machine as Slurm sees it.
    const node = run('slurmd', ['-C']).stdout.split('\n')[0]!.trim();
    const cpus = Number(/CPUs=(\d+)/.exec(node)?.[1] ?? '1');
    const memory = Number(/RealMemory=(\d+)/.exec(node)?.[1] ?? '1024');
    const nodeName = /NodeName=(\S+)/.exec(node)?.[1] ?? 'localhost';
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(
      conf,
      [
        'ClusterName=gantest',
        `SlurmctldHost=${nodeName}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        // cred_expire: also how long a requeued job waits before it may start again (default 120 s).
        `AuthInfo=socket=${socket},cred_expire=10`,
        'SlurmUser=root',
        'SlurmdUser=root',
        `StateSaveLocation=${join(dir, 'ctld')}`,
        `SlurmdSpoolDir=${join(dir, 'd')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
        `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core_Memory',
        // Without a default, one job takes the node's whole memory and array tasks run one at a time.
        `DefMemPerCPU=${Math.max(256, Math.floor(memory / cpus / 4))}`,
        'MailProg=/bin/true',
        'ReturnToService=2',
        'KillWait=5',
        'MinJobAge=2',
        'SchedulerParameters=sched_interval=1',
        `NodeName=${nodeName} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN`,
        'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    daemon('slurmctld', ['-D', '-i', '-f', conf], join(dir, 'slurmctld.log'));
    daemon('slurmd', ['-D', '-f', conf, '-N', nodeName], join(dir, 'slurmd.log'));
    let state = '';
    for (let i = 0; i < 100; i++) {
      state = run('sinfo', ['-h', '-o', '%T']).stdout.trim();
      if (state === 'idle') break;
      await sleep(200);
    }
    if (state !== 'idle')
      throw new Error(
        `Slurm did not come up (sinfo says "${state}")\n${[join(dir, 'slurmctld.log'), join(dir, 'slurmd.log'), join(dir, 'slurmctld.log.exit'), join(dir, 'slurmd.log.exit')].map((f) => tail(f)).join('\n')}`,
      );
    return { dir, shared, env, cpus, command: run, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
