/**
 * The dashboards of this window: opens (or reveals) one panel per run and shows that run in the
 * Samples view, restores panels after a window reload, and closes them all when disposed.
 */
import * as vscode from 'vscode';
import type { RunTarget } from '../deps';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import { DashboardPanel, DashboardSerializer, type PanelContext } from './dashboardPanel';

export interface DashboardsDeps {
  readonly panels: PanelContext;
  /** A run opened from anywhere joins the catalog (so the tree and pickers list it). */
  readonly catalog: Pick<RunCatalog, 'addRun'>;
  /** The Samples view follows the dashboard last opened (unpinned). */
  readonly samples: { show(target: RunTarget, pinned?: boolean): void };
}

export class Dashboards implements vscode.Disposable {
  private readonly serializer: vscode.Disposable;

  constructor(private readonly deps: DashboardsDeps) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, new DashboardSerializer(deps.panels));
  }

  open(target: RunTarget): DashboardPanel {
    if (target.runDir) this.deps.catalog.addRun(target.runDir);
    this.deps.samples.show(target, false);
    return DashboardPanel.createOrShow(this.deps.panels, target);
  }

  dispose(): void {
    this.serializer.dispose();
    for (const panel of DashboardPanel.all()) panel.dispose();
  }
}
