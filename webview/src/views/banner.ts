/** The run's error and the problems found reading its directory, above the charts. */
import type { RunView } from '../../../src/shared/protocol';
import { h, setChildren, show } from '../ui/dom';

export class BannerView {
  readonly root = h('div');
  private readonly error = h('div', { class: 'gw-banner error', role: 'alert' });
  private readonly warnings = h('div', { class: 'gw-banner warning', role: 'status' });

  constructor() {
    this.root.append(this.error, this.warnings);
    this.update(null);
  }

  update(run: RunView | null): void {
    const error = run?.error ?? null;
    show(this.error, !!error);
    if (error)
      setChildren(
        this.error,
        /^(diverged|failed)\b/i.test(error) ? null : h('b', {}, run?.phase === 'diverged' ? 'Diverged: ' : 'Error: '),
        error,
      );
    const warnings = run?.warnings ?? [];
    show(this.warnings, warnings.length > 0);
    if (warnings.length === 1) setChildren(this.warnings, h('b', {}, 'Warning: '), warnings[0]!);
    else if (warnings.length > 1)
      setChildren(this.warnings, h('b', {}, `${warnings.length} warnings`), h('ul', {}, ...warnings.map((w) => h('li', {}, w))));
  }
}
