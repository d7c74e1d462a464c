/**
 * Live hyper-parameters: learning rates, Adam betas, k, total steps and logging intervals,
 * prefilled from the run's config. Enter or leaving a field validates it and sends
 * `setHyperparameter`, which applies to the run (by default only to the run: the host's toast says
 * whether the file changed too); Escape restores the run's value. Read-only unless the run is live.
 * Below the fields, whether the experiment file holds the run's values, and "Save to experiment
 * file" where it does not.
 */
import type { Experiment } from '../../../src/shared/experiment/schema';
import { experimentFileText } from '../logic/experimentFileText';
import { hyperparameterFields, validateField, type FieldSpec, type HyperparameterKey } from '../logic/hyperparameterFields';
import { post } from '../host/vscodeApi';
import type { RunStore } from '../model/runStore';
import { card } from '../ui/card';
import { h, setChildren, setText, show } from '../ui/dom';
import { EventsView } from './eventsView';

interface FieldControl {
  spec: FieldSpec;
  input: HTMLInputElement;
  error: HTMLElement;
  note: HTMLElement;
  /** The value last sent to the host, until the run's config shows it or another (the trainer clamped it). */
  sent: number | null;
  /** The run's value when `sent` was sent. */
  sentOver: number | null;
}

export class HyperparametersView {
  readonly root: HTMLElement;
  private readonly form = h('div', { class: 'gw-form' });
  private readonly hint = h('div', { class: 'gw-hint' });
  private readonly fileText = h('span', { class: 'gw-file-state-text' });
  private readonly saveButton = h('button', { class: 'secondary small gw-save-to-file', type: 'button' }, 'Save to experiment file');
  private readonly fileRow = h('div', { class: 'gw-file-state', role: 'status' }, this.fileText, this.saveButton);
  private readonly events: EventsView;
  private controls = new Map<HyperparameterKey, FieldControl>();
  private layout = '';

  constructor(private readonly store: RunStore) {
    const c = card('Hyper-parameters & events', { wide: true });
    this.root = c.root;
    this.events = new EventsView(store);
    c.head.append(this.hint);
    this.saveButton.title = 'Write the values the run uses into its experiment file (comments kept; Ctrl+Z in the file undoes it)';
    this.saveButton.addEventListener('click', () => post({ type: 'runAction', payload: { action: 'saveToExperimentFile' } }));
    c.body.append(this.form, this.fileRow, this.events.root);
  }

  render(): void {
    const run = this.store.run;
    const config = run?.config ?? null;
    const live = run?.live === true;
    setText(
      this.hint,
      !config
        ? 'The run has no readable experiment.json.'
        : live
          ? 'Enter or leave a field to apply it to the run from the next step; Esc restores.'
          : 'Read-only: the run is not live.',
    );
    show(this.form, config !== null);
    if (config) this.renderFields(config, live);
    this.renderFileState();
    this.events.render();
  }

  private renderFileState(): void {
    const { text, canSave } = experimentFileText(this.store.fileState);
    setText(this.fileText, text);
    show(this.fileRow, text !== '');
    show(this.saveButton, canSave);
  }

  private renderFields(config: Experiment, live: boolean): void {
    const specs = hyperparameterFields(config, this.store.currentStep());
    const layout = specs.map((s) => s.key).join(',');
    if (layout !== this.layout) this.build(specs);
    for (const spec of specs) {
      const control = this.controls.get(spec.key)!;
      control.spec = spec;
      control.input.disabled = !live;
      if (control.sent !== null && (control.sent === spec.value || control.sentOver !== spec.value)) {
        control.sent = null;
        control.sentOver = null;
        setText(control.note, '');
      }
      const editing = document.activeElement === control.input || control.input.classList.contains('invalid');
      if (!editing && control.sent === null) control.input.value = String(spec.value);
    }
  }

  private build(specs: FieldSpec[]): void {
    this.layout = specs.map((s) => s.key).join(',');
    this.controls = new Map();
    const groups = new Map<string, HTMLElement[]>();
    for (const spec of specs) {
      const id = `hp-${spec.key}`;
      const input = h('input', { type: 'text', id, inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off' });
      const error = h('div', { class: 'gw-error', role: 'alert' });
      const note = h('div', { class: 'gw-sent' });
      const control: FieldControl = { spec, input, error, note, sent: null, sentOver: null };
      this.controls.set(spec.key, control);
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.commit(control);
        else if (e.key === 'Escape') this.revert(control);
      });
      input.addEventListener('blur', () => this.commit(control));
      input.addEventListener('input', () => {
        input.classList.remove('invalid');
        setText(error, '');
      });
      const field = h('div', { class: 'gw-field', title: spec.hint }, h('label', { for: id }, spec.label), input, error, note);
      const list = groups.get(spec.group) ?? [];
      list.push(field);
      groups.set(spec.group, list);
    }
    setChildren(
      this.form,
      ...[...groups].map(([group, fields]) => h('fieldset', { class: 'gw-fieldset' }, h('legend', {}, group), ...fields)),
    );
  }

  private commit(control: FieldControl): void {
    if (control.input.disabled) return;
    // The run moves on between renders: total steps must stay above the step it has reached now.
    const spec =
      control.spec.key === 'steps' ? { ...control.spec, min: Math.max(control.spec.min, this.store.currentStep() + 1) } : control.spec;
    const result = validateField(spec, control.input.value);
    if (!result.ok) {
      control.input.classList.add('invalid');
      setText(control.error, result.message);
      return;
    }
    control.input.classList.remove('invalid');
    setText(control.error, '');
    const previous = control.sent ?? control.spec.value;
    if (result.value === previous) return;
    if (control.sent === null) control.sentOver = control.spec.value;
    control.sent = result.value;
    control.input.value = String(result.value);
    setText(control.note, `sent ${result.value}: applies from the next step`);
    post({ type: 'setHyperparameter', payload: { key: control.spec.key, value: result.value } });
  }

  private revert(control: FieldControl): void {
    control.input.classList.remove('invalid');
    setText(control.error, '');
    control.input.value = String(control.sent ?? control.spec.value);
  }
}
