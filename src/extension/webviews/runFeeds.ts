/**
 * The feed a view of one run gets: the live feed when this window trains the run, else the disk
 * feed, which follows the files with VS Code's file watcher.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DiskFeed } from '../feeds/diskFeed';
import { LiveFeed } from '../feeds/liveFeed';
import type { FeedOptions, RunFeed } from '../feeds/runFeed';
import type { LiveRun } from '../trainingRuns/liveRun';

/** A view's feed; `liveRun` is the run its controls act on. */
export type ViewFeed = RunFeed<LiveRun>;

export function openRunFeed(target: { live?: LiveRun; runDir?: string }, options: FeedOptions): ViewFeed {
  return target.live ? new LiveFeed(target.live, options, target.runDir) : new DiskFeed(target.runDir, options, watchRunDir);
}

/** The run directory's JSON and JSONL files and its samples records, created or changed. */
function watchRunDir(runDir: string, changed: (name: string) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(runDir), '{*.json,*.jsonl,samples/*.json}'),
  );
  const fire = (uri: vscode.Uri) => changed(path.relative(runDir, uri.fsPath).split(path.sep).join('/'));
  return vscode.Disposable.from(watcher, watcher.onDidChange(fire), watcher.onDidCreate(fire));
}
