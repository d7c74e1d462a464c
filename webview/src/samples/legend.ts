/** The HTML legend under a sample plot: a swatch (dot, line, band or colour bar) and a label per entry. */
import { h, setChildren } from '../ui/dom';
import type { LegendEntry } from './types';

export function renderLegend(container: HTMLElement, entries: readonly LegendEntry[]): void {
  setChildren(container, ...entries.map((e) => h('span', {}, e.colors.length > 0 ? swatch(e) : null, e.label)));
}

function swatch(entry: LegendEntry): HTMLElement {
  const el = h('span', { class: 'gw-swatch' });
  const [first = 'currentColor'] = entry.colors;
  switch (entry.style) {
    case 'dot':
      el.style.background = first;
      el.style.borderRadius = '50%';
      break;
    case 'line':
      el.style.height = '0';
      el.style.width = '16px';
      el.style.borderTop = `2px solid ${first}`;
      el.style.verticalAlign = '3px';
      break;
    case 'dashed':
      el.style.height = '0';
      el.style.width = '16px';
      el.style.borderTop = `2px dashed ${first}`;
      el.style.verticalAlign = '3px';
      break;
    case 'band':
      el.style.background = first;
      break;
    case 'bar':
      el.style.width = '42px';
      el.style.background = `linear-gradient(to right, ${entry.colors.join(', ')})`;
      el.style.outline = '1px solid var(--vscode-panel-border, rgba(128,128,128,0.4))';
      break;
  }
  return el;
}
