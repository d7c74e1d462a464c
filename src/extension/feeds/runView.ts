/** What a view shows of its run: the live run's state where there is one, over what its directory says. */
import * as path from 'node:path';
import type { RunView } from '../../shared/protocol';
import type { RunDirState } from './runDirState';
import type { LiveSource } from './runFeed';

export function runView(runDir: string | undefined, disk: RunDirState, live?: LiveSource): RunView {
  const meta = live?.meta ?? disk.meta;
  const dir = runDir ?? '';
  return {
    runDir: dir,
    runId: meta?.runId ?? path.basename(dir),
    experimentName: live?.experimentName ?? meta?.experimentName ?? path.basename(path.dirname(dir)),
    experimentFile: live?.experimentFile.fsPath ?? meta?.experimentFile ?? '',
    phase: live?.phase ?? meta?.status ?? 'unknown',
    live: live?.live ?? false,
    meta: meta ?? null,
    config: live?.config ?? disk.config,
    error: live?.error ?? meta?.error ?? null,
    warnings: disk.warnings,
  };
}
