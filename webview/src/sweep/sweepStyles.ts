/** The sweep dashboard's own styles, added to the views' style sheet (ui/styles.ts). */
const CSS = `
.gw-sweep-counts { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 6px; font-variant-numeric: tabular-nums; }
.gw-sweep-counts span { color: var(--vscode-descriptionForeground); }
.gw-sweep-counts b { color: var(--vscode-foreground); font-weight: 600; }
.gw-sweep-counts .failed b { color: var(--vscode-errorForeground); }
.gw-table-scroll { overflow-x: auto; max-height: 420px; overflow-y: auto; }
.gw-trials { width: 100%; border-collapse: collapse; font-size: 0.92em; font-variant-numeric: tabular-nums; }
.gw-trials th, .gw-trials td { text-align: right; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.2)); white-space: nowrap; }
.gw-trials th { position: sticky; top: 0; background: var(--gw-surface, var(--vscode-editor-background)); color: var(--vscode-descriptionForeground); font-weight: 600; cursor: pointer; user-select: none; }
.gw-trials th.sorted { color: var(--vscode-foreground); }
.gw-trials th.objective, .gw-trials td.objective { font-weight: 600; }
.gw-trials td.text, .gw-trials th.text { text-align: left; }
.gw-trials tr.best td { background: color-mix(in srgb, var(--vscode-charts-green, #89d185) 16%, transparent); }
.gw-trials td.state.failed { color: var(--vscode-errorForeground); }
.gw-trials td.state.running { color: var(--vscode-charts-blue, var(--vscode-foreground)); }
.gw-trials td.state.pending, .gw-trials td.state.cancelled { color: var(--vscode-descriptionForeground); }
.gw-trials button { font-size: 0.9em; }
.gw-sweep-chart { position: relative; height: 300px; }
.gw-sweep-chart.tall { height: 340px; }
.gw-seed-table { width: 100%; border-collapse: collapse; font-size: 0.92em; font-variant-numeric: tabular-nums; margin-top: 8px; }
.gw-seed-table th, .gw-seed-table td { text-align: right; padding: 2px 10px 2px 0; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.2)); white-space: nowrap; }
.gw-seed-table th { color: var(--vscode-descriptionForeground); font-weight: 600; }
.gw-seed-table td.text, .gw-seed-table th.text { text-align: left; white-space: normal; }
select { font: inherit; color: var(--vscode-dropdown-foreground, var(--vscode-foreground)); background: var(--vscode-dropdown-background, var(--vscode-input-background)); border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent)); border-radius: 2px; padding: 1px 4px; }
`;

export function injectSweepStyles(): void {
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.append(style);
}
