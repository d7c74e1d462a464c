/**
 * The views' style sheet, injected as a <style> element (the CSP allows inline styles), so the
 * host's HTML shell needs no stylesheet link. Colours and fonts come only from `--vscode-*`
 * variables, so light, dark and high-contrast themes all work.
 */
const CSS = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 0 14px 18px;
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); font-weight: var(--vscode-font-weight);
  color: var(--vscode-foreground); background: var(--gw-surface, var(--vscode-editor-background));
}
body.gw-side { --gw-surface: var(--vscode-sideBar-background); padding: 0 8px 10px; }
#app { max-width: 1600px; margin: 0 auto; }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
[hidden] { display: none !important; }

.gw-header { position: sticky; top: 0; z-index: 5; background: var(--gw-surface, var(--vscode-editor-background)); padding: 10px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.gw-title-row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; }
.gw-title { font-size: 1.3em; font-weight: 600; margin: 0; }
.gw-run-id { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
.gw-badge { border: 1px solid currentColor; border-radius: 9px; padding: 0 8px; font-size: 0.85em; line-height: 1.5; color: var(--vscode-descriptionForeground); white-space: nowrap; }
.gw-badge.running, .gw-badge.completed { color: var(--vscode-charts-green, var(--vscode-foreground)); }
.gw-badge.paused, .gw-badge.queued, .gw-badge.starting, .gw-badge.stopping { color: var(--vscode-charts-yellow, var(--vscode-foreground)); }
.gw-badge.failed, .gw-badge.diverged { color: var(--vscode-errorForeground); }
.gw-spacer { flex: 1; }
.gw-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.gw-stats { display: flex; flex-wrap: wrap; gap: 4px 18px; margin-top: 8px; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.gw-stats b { color: var(--vscode-foreground); font-weight: 600; }
.gw-progress { height: 4px; margin-top: 8px; background: var(--vscode-input-background, rgba(128,128,128,0.2)); border-radius: 2px; overflow: hidden; }
.gw-progress > div { height: 100%; width: 0; background: var(--vscode-progressBar-background); transition: width 0.2s linear; }

button {
  font: inherit; padding: 3px 10px; border-radius: 2px; cursor: pointer; white-space: nowrap;
  color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent);
}
button:hover:not(:disabled) { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground); }
button:disabled { opacity: 0.45; cursor: default; }
button.small { padding: 1px 7px; }

input[type='text'] {
  font: inherit; font-family: var(--vscode-editor-font-family); width: 100%; box-sizing: border-box; padding: 2px 5px;
  color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); border-radius: 2px;
}
input[type='text']:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
input[type='text'].invalid { border-color: var(--vscode-inputValidation-errorBorder); }
input[type='text']:disabled { opacity: 0.6; }
input[type='range'] { accent-color: var(--vscode-progressBar-background); vertical-align: middle; }
input[type='checkbox'] { accent-color: var(--vscode-progressBar-background); margin: 0 4px 0 0; vertical-align: -2px; }
label.toggle { white-space: nowrap; cursor: pointer; user-select: none; }

.gw-banner { margin-top: 10px; padding: 6px 10px; border-radius: 2px; white-space: pre-wrap; overflow-wrap: anywhere; }
.gw-banner.warning { background: var(--vscode-inputValidation-warningBackground); border: 1px solid var(--vscode-inputValidation-warningBorder); }
.gw-banner.error { background: var(--vscode-inputValidation-errorBackground); border: 1px solid var(--vscode-inputValidation-errorBorder); }
.gw-banner ul { margin: 2px 0 0; padding-left: 18px; }

.gw-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 480px), 1fr)); gap: 14px; margin-top: 14px; }
.gw-wide { grid-column: 1 / -1; }
.gw-stack { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
.gw-card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, rgba(128,128,128,0.35))); border-radius: 4px; padding: 8px 12px 12px; min-width: 0; }
.gw-card h2 { font-size: 11px; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; margin: 0; }
.gw-card h3 { font-size: 11px; font-weight: 600; margin: 12px 0 4px; color: var(--vscode-descriptionForeground); }
.gw-card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; min-height: 26px; margin-bottom: 4px; }
.gw-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; color: var(--vscode-descriptionForeground); }
.gw-toolbar output { font-variant-numeric: tabular-nums; min-width: 2.6em; display: inline-block; color: var(--vscode-foreground); }
.gw-hint { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.gw-chart { position: relative; height: 280px; }
.gw-chart.short { height: 200px; }
.gw-chart canvas { touch-action: none; }
.gw-quality-panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 280px), 1fr)); gap: 6px 16px; }
.gw-quality-panel { min-width: 0; }
.gw-card h3.gw-quality-caption { margin: 6px 0 2px; }
.gw-empty {
  display: flex; align-items: center; justify-content: center; text-align: center; box-sizing: border-box;
  min-height: 120px; padding: 16px; color: var(--vscode-descriptionForeground); border: 1px dashed var(--vscode-panel-border, rgba(128,128,128,0.35)); border-radius: 4px;
}
.gw-empty.small { min-height: 48px; padding: 10px; }
.gw-canvas { display: block; width: 100%; }
.gw-panels { display: flex; flex-wrap: wrap; gap: 8px 18px; }
.gw-panel { flex: 1 1 260px; min-width: 0; }
.gw-panel h3 { margin-top: 4px; }
.gw-strip-axis { display: flex; justify-content: space-between; color: var(--vscode-descriptionForeground); font-size: 0.85em; }
.gw-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; color: var(--vscode-descriptionForeground); font-size: 0.9em; margin-top: 4px; }
.gw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.gw-slider-row { display: flex; align-items: center; gap: 8px; margin-top: 6px; }
.gw-slider-row input[type='range'] { flex: 1; min-width: 80px; }
.gw-step-label { font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 8em; text-align: right; color: var(--vscode-descriptionForeground); }
.gw-timeline { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-top: 8px; }
.gw-timeline-title { font-weight: 600; }
.gw-timeline input[type='range'] { flex: 1; min-width: 120px; }
.gw-timeline select, .gw-step-field {
  font: inherit; padding: 1px 4px; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, transparent); border-radius: 2px;
}
.gw-step-field { width: 7em; font-variant-numeric: tabular-nums; }
.gw-play { min-width: 6.5em; }
.gw-pin { color: var(--vscode-descriptionForeground); }
.gw-pin.unpinned { color: var(--vscode-charts-yellow, var(--vscode-foreground)); }
.gw-missing { color: var(--vscode-charts-yellow, var(--vscode-foreground)); font-style: italic; }
.gw-compare-grid { display: grid; gap: 12px; }
.gw-compare-panel { min-width: 0; }
.gw-compare-run { font-size: 1em; margin: 0 0 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gw-compare-chips { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 6px; color: var(--vscode-descriptionForeground); }
.gw-compare-chip { display: inline-flex; align-items: center; gap: 6px; }
.gw-compare-swatch { width: 14px; height: 4px; border-radius: 2px; display: inline-block; }
.gw-compare-notes { margin-top: 4px; }

.gw-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px 14px; }
.gw-fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
.gw-fieldset legend { padding: 0; margin-bottom: 4px; font-weight: 600; font-size: 0.9em; }
.gw-field { display: grid; grid-template-columns: 1fr 7.5em; align-items: center; gap: 2px 6px; margin-bottom: 4px; }
.gw-field .gw-error { grid-column: 1 / -1; color: var(--vscode-errorForeground); font-size: 0.85em; }
.gw-field .gw-sent { grid-column: 1 / -1; color: var(--vscode-descriptionForeground); font-size: 0.85em; }

.gw-events { max-height: 260px; overflow: auto; margin-top: 4px; }
.gw-events table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
.gw-events td, .gw-events th { text-align: left; padding: 2px 8px 2px 0; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.2)); }
.gw-events th { color: var(--vscode-descriptionForeground); font-weight: 600; position: sticky; top: 0; background: var(--gw-surface, var(--vscode-editor-background)); }
.gw-events td.num { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--vscode-descriptionForeground); }
.gw-events td.msg { overflow-wrap: anywhere; }
.gw-kind { white-space: nowrap; }
.gw-kind.warning { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.gw-kind.hyperparameters { color: var(--vscode-textLink-foreground); }
.gw-kind.status { color: var(--vscode-charts-green, var(--vscode-foreground)); }
.gw-kind.paused, .gw-kind.resumed { color: var(--vscode-charts-orange, var(--vscode-foreground)); }
.gw-kind.sampling { color: var(--vscode-charts-purple, var(--vscode-foreground)); }
.gw-kind.alarm { color: var(--vscode-editorError-foreground, var(--vscode-charts-red)); font-weight: 600; }
.gw-file-state { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; margin: 10px 0 4px; color: var(--vscode-descriptionForeground); font-size: 0.9em; }

.gw-card-actions { display: flex; flex-wrap: wrap; gap: 6px; margin-left: auto; }
.gw-subhead { display: flex; align-items: center; gap: 8px; justify-content: space-between; margin: 12px 0 4px; }
.gw-subhead h3 { margin: 0 !important; }
button.gw-icon {
  padding: 0 4px; line-height: 1.2; font-size: 1.1em; color: var(--vscode-descriptionForeground); background: transparent; border: none; border-radius: 3px;
}
button.gw-icon:hover:not(:disabled) { color: var(--vscode-foreground); background: var(--vscode-toolbar-hoverBackground, rgba(128,128,128,0.2)); }

.gw-chips { display: flex; flex-wrap: wrap; gap: 4px 6px; margin: 0 0 6px; }
.gw-chip {
  display: inline-flex; align-items: center; gap: 4px; max-width: 100%; padding: 0 2px 0 8px; border-radius: 11px; font-size: 0.9em; line-height: 1.7;
  background: var(--vscode-badge-background, rgba(128,128,128,0.2)); color: var(--vscode-badge-foreground, var(--vscode-foreground));
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.gw-chip .gw-swatch { margin-right: 2px; }
.gw-chip button.gw-icon { color: inherit; }
.gw-swatch.loading { background: transparent; border: 1px dashed currentColor; box-sizing: border-box; }

.gw-popover {
  position: absolute; z-index: 20; box-sizing: border-box; padding: 8px; border-radius: 4px;
  color: var(--vscode-editorWidget-foreground, var(--vscode-foreground));
  background: var(--vscode-editorWidget-background, var(--gw-surface, var(--vscode-editor-background)));
  border: 1px solid var(--vscode-editorWidget-border, var(--vscode-widget-border, rgba(128,128,128,0.45)));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,0.36));
}
.gw-popover-title { font-weight: 600; margin-bottom: 6px; }
.gw-picker-list { list-style: none; margin: 6px 0 4px; padding: 0; max-height: 240px; overflow: auto; }
.gw-picker-list li { display: flex; justify-content: space-between; gap: 10px; padding: 2px 6px; border-radius: 3px; cursor: pointer; white-space: nowrap; }
.gw-picker-list li > span:first-child { overflow: hidden; text-overflow: ellipsis; }
.gw-picker-list li:hover { background: var(--vscode-list-hoverBackground, rgba(128,128,128,0.15)); }
.gw-picker-list li.active {
  color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground));
  background: var(--vscode-list-activeSelectionBackground, rgba(0,120,212,0.4)); outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px;
}
.gw-picker-list li[aria-disabled='true'] { opacity: 0.55; cursor: default; }

.gw-toast {
  position: fixed; z-index: 30; right: 14px; bottom: 14px; max-width: min(560px, calc(100vw - 28px)); box-sizing: border-box;
  display: flex; align-items: center; gap: 10px; padding: 6px 6px 6px 12px; border-radius: 4px;
  color: var(--vscode-notifications-foreground, var(--vscode-foreground));
  background: var(--vscode-notifications-background, var(--vscode-editorWidget-background, var(--vscode-editor-background)));
  border: 1px solid var(--vscode-notifications-border, var(--vscode-widget-border, rgba(128,128,128,0.45)));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,0.36));
}
.gw-toast.error { border-left: 3px solid var(--vscode-errorForeground); }
.gw-toast.progress { border-left: 3px solid var(--vscode-progressBar-background); }
.gw-toast-text { overflow-wrap: anywhere; }

.gw-nearest { margin-top: 8px; }
.gw-nearest-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; }
.gw-nearest-row figure { margin: 0; display: flex; flex-direction: column; align-items: center; gap: 2px; }
.gw-nearest-row canvas { display: block; border: 1px solid var(--vscode-charts-blue, var(--vscode-panel-border)); }
.gw-nearest-row figure.gw-nearest-generated { margin-right: 10px; }
.gw-nearest-generated canvas { border: 2px solid var(--vscode-charts-orange, var(--vscode-focusBorder)); }
.gw-nearest-row figcaption { font-size: 0.85em; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; white-space: nowrap; }

.gw-side-head { display: flex; align-items: baseline; gap: 8px; padding: 8px 0 4px; flex-wrap: wrap; }
.gw-side-head .gw-title { font-size: 1.05em; }

.gw-sampling-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 6px 18px; }
.gw-sampling-row.wide-first { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
.gw-sampling-row.wide-first.images { grid-template-columns: minmax(0, 3fr) minmax(0, 1fr); }
@media (max-width: 900px) { .gw-sampling-row.wide-first, .gw-sampling-row.wide-first.images { grid-template-columns: minmax(0, 1fr); } }
.gw-sampling-section { min-width: 0; }
.gw-sampling-picker {
  font: inherit; max-width: 100%; padding: 1px 4px; border-radius: 2px;
  color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent);
}
.gw-sampling-notes { margin: 4px 0 0; padding-left: 18px; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.gw-sampling-notes:empty { display: none; }
.gw-sampling-empty { flex-direction: column; gap: 10px; }
.gw-sampling-table { width: 100%; border-collapse: collapse; font-size: 0.92em; margin-top: 6px; }
.gw-sampling-table th, .gw-sampling-table td { text-align: left; padding: 2px 8px 2px 0; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.2)); }
.gw-sampling-table th { color: var(--vscode-descriptionForeground); font-weight: 600; }
.gw-sampling-table td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.gw-change { white-space: nowrap; font-size: 0.9em; }
.gw-change.better { color: var(--vscode-charts-green, var(--vscode-foreground)); }
.gw-change.worse { color: var(--vscode-errorForeground); }
`;

export function injectStyles(): void {
  if (document.getElementById('gw-styles')) return;
  const style = document.createElement('style');
  style.id = 'gw-styles';
  style.textContent = CSS;
  document.head.append(style);
}
