/**
 * Which processes the end-to-end run started, and whether any of them outlived it. Linux only
 * (reads /proc): every descendant of this process (code-server, its extension host and trainers,
 * chromium and its helpers, in whichever process group they put themselves), identified by pid and
 * start time so a recycled pid is not mistaken for a leftover, plus any process whose command line
 * names one of the run's temporary folders or whose environment holds the run's marker variable
 * (something that detached from its parent, like chromium's crash handler).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  start: string;
  command: string;
}

function readStat(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return undefined; // a zombie is gone, only not reaped yet
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
    } catch {
      // it exited meanwhile
    }
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] ?? '', command };
  } catch {
    return undefined;
  }
}

/** Every live process on the machine (empty where there is no /proc). */
export function listProcesses(): ProcessInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const info = readStat(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** The live descendants of `root` (not `root` itself). */
export function descendantsOf(root: number, all = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Processes (other than this one) whose command line contains one of `markers`. */
export function processesMentioning(markers: readonly string[], all = listProcesses()): ProcessInfo[] {
  return all.filter((p) => p.pid !== process.pid && markers.some((m) => m.length > 0 && p.command.includes(m)));
}

/** Processes (other than this one) whose environment holds `entry` (`NAME=value`) exactly. */
export function processesWithEnv(entry: string, all = listProcesses()): ProcessInfo[] {
  return all.filter((p) => {
    if (p.pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(entry);
    } catch {
      return false; // gone, or not ours to read
    }
  });
}

/** Of the processes seen earlier, those still alive (same pid, same start time). */
export function stillAlive(seen: readonly ProcessInfo[]): ProcessInfo[] {
  return seen.filter((p) => {
    const now = readStat(p.pid);
    return now !== undefined && now.start === p.start;
  });
}

export function describeProcess(p: ProcessInfo): string {
  return `pid ${p.pid} (group ${p.pgid}): ${p.command.slice(0, 200) || '(no command line)'}`;
}
