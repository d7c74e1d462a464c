/**
 * Compare runs: a "Compare…" button (on the loss and quality cards) opens a small picker of the
 * runs the host lists (`listCompareRuns` → `compareRunsListed`): a filter field and a list box,
 * ↑/↓ to move, Enter to choose, Esc to close. Choosing posts `addCompareRun`; the host answers with
 * the run's series (`compareRunAdded`), which the charts overlay. Each compared run shows as a chip
 * (its colour, its name, × to remove) on both cards. The compared runs are kept in the view state,
 * so a reload asks for them again.
 */
import type { CompareCandidate, HostToWebview, WebviewToHost } from '../../../src/shared/protocol';
import { toCss } from '../logic/colors';
import { shortRunLabel } from '../logic/compare';
import type { CompareStore } from '../model/compareStore';
import type { UiStateStore } from '../model/uiStateStore';
import { MAX_COMPARE_RUNS } from '../model/uiState';
import { button, h, setChildren, setText } from '../ui/dom';
import type { Theme } from '../ui/theme';

let pickerIds = 0;

/** A run the host has not sent within this time is given up (its chip goes, with a message). */
const ADD_TIMEOUT_MS = 20_000;

export class CompareControls {
  private readonly chipRows: HTMLElement[] = [];
  private readonly buttons: HTMLButtonElement[] = [];
  private picker: ComparePicker | null = null;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: CompareStore,
    private readonly ui: UiStateStore,
    private readonly theme: () => Theme,
    private readonly post: (message: WebviewToHost) => void,
    /** The charts must redraw (a run was added or removed). */
    private readonly onChange: () => void,
    private readonly ownRunDir: () => string,
    /** Tells the user a run could not be added. */
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** A "Compare…" button for a card. */
  button(): HTMLButtonElement {
    const b = button('Compare…', () => this.open(b), {
      class: 'secondary small',
      title: 'Overlay another run on the loss and quality charts',
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
    });
    this.buttons.push(b);
    return b;
  }

  /** A row of chips (one per compared run) for a card. */
  chips(): HTMLElement {
    const row = h('div', { class: 'gw-chips', role: 'list', 'aria-label': 'Compared runs' });
    row.hidden = true;
    this.chipRows.push(row);
    return row;
  }

  /** The host's answers; returns whether the message was one of them. */
  receive(message: HostToWebview): boolean {
    if (message.type === 'compareRunsListed') {
      this.store.setCandidates(message.payload.runs);
      this.picker?.setRuns(this.candidates());
      return true;
    }
    if (message.type === 'compareRunAdded') {
      this.clearTimer(message.payload.runDir);
      if (this.store.add(message.payload)) {
        this.renderChips();
        this.onChange();
      }
      return true;
    }
    return false;
  }

  /** After a snapshot: ask again for the runs the view state lists (a reload, a restored panel). */
  restore(): void {
    const own = this.ownRunDir();
    for (const runDir of this.ui.get().compareRuns) if (runDir !== own && this.store.request(runDir)) this.requestRun(runDir);
    this.saveState();
    this.renderChips();
  }

  add(runDir: string): void {
    if (!this.store.request(runDir)) return;
    this.requestRun(runDir);
    this.saveState();
    this.renderChips();
  }

  remove(runDir: string): void {
    this.clearTimer(runDir);
    if (!this.store.remove(runDir)) return;
    this.saveState();
    this.renderChips();
    this.onChange();
  }

  /** Colours follow the theme. */
  renderChips(): void {
    const theme = this.theme();
    const added = new Map(this.store.runs.map((r) => [r.runDir, r]));
    const dirs = this.store.runDirs();
    for (const row of this.chipRows) {
      row.hidden = dirs.length === 0;
      setChildren(
        row,
        ...dirs.map((runDir) => {
          const run = added.get(runDir);
          const name = this.store.labelOf(runDir);
          const swatch = h('span', { class: 'gw-swatch' });
          if (run) swatch.style.background = toCss(theme.compare[run.colorIndex % theme.compare.length]!);
          else swatch.classList.add('loading');
          const remove = button('×', () => this.remove(runDir), {
            class: 'gw-icon',
            'aria-label': `Stop comparing with ${name}`,
            title: 'Remove',
          });
          return h(
            'span',
            { class: 'gw-chip', role: 'listitem', title: run?.label ?? runDir },
            swatch,
            run ? name : `${name} (loading…)`,
            remove,
          );
        }),
      );
    }
    for (const b of this.buttons) b.disabled = this.store.room() <= 0;
  }

  private requestRun(runDir: string): void {
    this.post({ type: 'addCompareRun', payload: { runDir } });
    this.clearTimer(runDir);
    this.timers.set(
      runDir,
      setTimeout(() => {
        this.timers.delete(runDir);
        if (!this.store.pending.has(runDir)) return;
        const name = this.store.labelOf(runDir);
        this.remove(runDir);
        this.onError(`Could not load ${name} to compare (the run may have been deleted).`);
      }, ADD_TIMEOUT_MS),
    );
  }

  private clearTimer(runDir: string): void {
    const timer = this.timers.get(runDir);
    if (timer) clearTimeout(timer);
    this.timers.delete(runDir);
  }

  private saveState(): void {
    this.ui.update({ compareRuns: this.store.runDirs() });
  }

  /** The listed runs other than this one. */
  private candidates(): CompareCandidate[] {
    const own = this.ownRunDir();
    return (this.store.candidates ?? []).filter((c) => c.runDir !== own);
  }

  private open(anchor: HTMLButtonElement): void {
    this.picker?.close(false);
    this.post({ type: 'listCompareRuns', payload: {} });
    this.picker = new ComparePicker(anchor, {
      isAdded: (runDir) => this.store.has(runDir),
      choose: (runDir) => this.add(runDir),
      closed: () => {
        this.picker = null;
      },
    });
    // Until the host answers, the list from last time (if any) is shown, marked as loading.
    this.picker.setRuns(this.store.candidates ? this.candidates() : null);
  }
}

interface PickerHandlers {
  isAdded: (runDir: string) => boolean;
  choose: (runDir: string) => void;
  closed: () => void;
}

/** The popover: filter field, list box of runs, keyboard and pointer selection. */
class ComparePicker {
  private readonly root: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly note = h('div', { class: 'gw-hint' });
  private runs: CompareCandidate[] | null = null;
  private shown: CompareCandidate[] = [];
  private active = 0;
  private readonly id = `gw-compare-${++pickerIds}`;
  private readonly onOutside = (e: Event) => {
    if (!this.root.contains(e.target as Node) && e.target !== this.anchor) this.close(false);
  };

  constructor(
    private readonly anchor: HTMLButtonElement,
    private readonly handlers: PickerHandlers,
  ) {
    this.filter = h('input', {
      type: 'text',
      placeholder: 'Filter runs',
      'aria-label': 'Filter runs',
      role: 'combobox',
      'aria-expanded': 'true',
      'aria-controls': `${this.id}-list`,
      'aria-autocomplete': 'list',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.list = h('ul', { class: 'gw-picker-list', role: 'listbox', id: `${this.id}-list`, 'aria-label': 'Runs to compare with' });
    this.root = h(
      'div',
      { class: 'gw-popover', role: 'dialog', 'aria-label': 'Compare with another run' },
      h('div', { class: 'gw-popover-title' }, 'Compare with run'),
      this.filter,
      this.list,
      this.note,
    );
    this.filter.addEventListener('input', () => {
      this.active = 0;
      this.renderList();
    });
    this.filter.addEventListener('keydown', (e) => this.key(e));
    document.body.append(this.root);
    this.place();
    anchor.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', this.onOutside, true);
    this.filter.focus();
  }

  setRuns(runs: CompareCandidate[] | null): void {
    const first = this.runs === null;
    this.runs = runs;
    if (first && runs) {
      // Start on the first run that can still be added.
      const query = this.filter.value.trim().toLowerCase();
      const matching = runs.filter((r) => query === '' || r.label.toLowerCase().includes(query) || r.runDir.toLowerCase().includes(query));
      this.active = Math.max(
        0,
        matching.findIndex((r) => !this.handlers.isAdded(r.runDir)),
      );
    }
    this.renderList();
  }

  close(refocus: boolean): void {
    document.removeEventListener('mousedown', this.onOutside, true);
    this.root.remove();
    this.anchor.setAttribute('aria-expanded', 'false');
    if (refocus) this.anchor.focus();
    this.handlers.closed();
  }

  private place(): void {
    const r = this.anchor.getBoundingClientRect();
    const width = Math.min(420, document.documentElement.clientWidth - 16);
    this.root.style.width = `${width}px`;
    this.root.style.left = `${Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8)) + window.scrollX}px`;
    this.root.style.top = `${r.bottom + 4 + window.scrollY}px`;
  }

  private key(e: KeyboardEvent): void {
    const move = (to: number) => {
      e.preventDefault();
      if (this.shown.length === 0) return;
      this.active = (to + this.shown.length) % this.shown.length;
      this.renderList();
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(this.active + 1);
      case 'ArrowUp':
        return move(this.active - 1);
      case 'PageDown':
        return move(Math.min(this.shown.length - 1, this.active + 8));
      case 'PageUp':
        return move(Math.max(0, this.active - 8));
      case 'Enter': {
        e.preventDefault();
        const run = this.shown[this.active];
        if (run) this.pick(run);
        return;
      }
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        this.close(true);
        return;
      case 'Tab':
        // The field holds the focus (the list follows it, as a combo box); leaving it closes the picker.
        this.close(false);
        return;
    }
  }

  private pick(run: CompareCandidate): void {
    if (this.handlers.isAdded(run.runDir)) return;
    this.handlers.choose(run.runDir);
    this.close(true);
  }

  private renderList(): void {
    const query = this.filter.value.trim().toLowerCase();
    const runs = this.runs ?? [];
    this.shown = runs.filter((r) => query === '' || r.label.toLowerCase().includes(query) || r.runDir.toLowerCase().includes(query));
    if (this.active >= this.shown.length) this.active = Math.max(0, this.shown.length - 1);
    setChildren(
      this.list,
      ...this.shown.map((run, i) => {
        const added = this.handlers.isAdded(run.runDir);
        const item = h(
          'li',
          {
            role: 'option',
            id: `${this.id}-${i}`,
            class: i === this.active ? 'active' : undefined,
            'aria-selected': i === this.active ? 'true' : 'false',
            'aria-disabled': added ? 'true' : undefined,
            title: run.runDir,
          },
          h('span', {}, shortRunLabel(run.label, run.runDir)),
          h('span', { class: 'gw-hint' }, added ? 'shown' : (run.label.split(' · ')[2] ?? '')),
        );
        item.addEventListener('mousedown', (e) => e.preventDefault());
        item.addEventListener('click', () => this.pick(run));
        return item;
      }),
    );
    const active = this.shown[this.active] ? `${this.id}-${this.active}` : '';
    if (active) this.filter.setAttribute('aria-activedescendant', active);
    else this.filter.removeAttribute('aria-activedescendant');
    this.list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
    setText(
      this.note,
      this.runs === null
        ? 'Loading runs…'
        : runs.length === 0
          ? 'No other runs found.'
          : this.shown.length === 0
            ? 'No run matches.'
            : `↑↓ to move · Enter to add · Esc to close · at most ${MAX_COMPARE_RUNS} runs`,
    );
  }
}
