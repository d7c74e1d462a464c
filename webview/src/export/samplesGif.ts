/**
 * "Animated GIF" of the samples card: walks the run's sample steps (at most MAX_FRAMES, evenly
 * chosen, the last always in), takes each record from the card's cache or asks the host for it
 * (`requestSamples`, answered by `samplesShown` with requested: true), draws every frame off-screen
 * with the samples renderer, encodes the GIF here in the page and posts `saveExport`. Progress and
 * a Cancel action go to the status line; the page stays responsive (the work yields between frames).
 */
import { MAX_EXPORT_BASE64, type ShownSamples, type WebviewToHost } from '../../../src/shared/protocol';
import type { Experiment } from '../../../src/shared/experiment/schema';
import type { Toast } from '../ui/toast';
import type { Theme } from '../ui/theme';
import { bytesToBase64 } from './base64';
import { GifEncoder, PaletteBuilder, type Rgb } from './gif';
import { GIF_SIZE, renderGifFrame } from './gifFrame';
import { exportFileName } from './names';

export const MAX_FRAMES = 150;
/** ~8 frames per second; the last frame stays 1.5 s before the loop starts again. */
export const FRAME_DELAY_CS = 12;
export const LAST_FRAME_DELAY_CS = 150;
const FETCH_TIMEOUT_MS = 8000;

export interface SamplesGifContext {
  steps: () => readonly number[];
  cached: (step: number) => ShownSamples | undefined;
  theme: () => Theme;
  config: () => Experiment | null;
  showGradients: () => boolean;
  run: () => { experimentName: string; runId: string } | null;
  post: (message: WebviewToHost) => void;
  toast: Toast;
  /** Called when an export starts or ends (to enable/disable the button). */
  onBusy?: (busy: boolean) => void;
}

/** At most `max` of `steps`, evenly spread, first and last included. */
export function pickSteps(steps: readonly number[], max = MAX_FRAMES): number[] {
  if (steps.length <= max) return [...steps];
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(steps[Math.round((i * (steps.length - 1)) / (max - 1))]!);
  return [...new Set(out)];
}

class Cancelled extends Error {}

export class SamplesGif {
  private waiters = new Map<number, (record: ShownSamples | null) => void>();
  private cancelled = false;
  busy = false;

  constructor(private readonly c: SamplesGifContext) {}

  /** A samples record arrived (the dashboard passes every one on). */
  received(record: ShownSamples, requested: boolean): void {
    if (!requested) return;
    const waiter = this.waiters.get(record.step);
    if (waiter) {
      this.waiters.delete(record.step);
      waiter(record);
    }
  }

  cancel(): void {
    this.cancelled = true;
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    for (const resolve of waiting) resolve(null);
  }

  async start(): Promise<void> {
    if (this.busy) return;
    const run = this.c.run();
    const steps = pickSteps(this.c.steps());
    if (!run || steps.length === 0) {
      this.c.toast.show('There are no samples to animate yet.', 'error');
      return;
    }
    this.busy = true;
    this.cancelled = false;
    this.c.onBusy?.(true);
    const cancel = { label: 'Cancel', run: () => this.cancel() };
    try {
      const records: ShownSamples[] = [];
      for (const [i, step] of steps.entries()) {
        this.check();
        this.c.toast.show(`Animated GIF: loading samples ${i + 1} of ${steps.length}…`, 'progress', cancel);
        const record = this.c.cached(step) ?? (await this.fetch(step));
        if (record) records.push(record);
      }
      if (records.length === 0) throw new Error('the host sent none of the samples');
      const theme = this.c.theme();
      const context = {
        theme,
        config: this.c.config(),
        showGradients: this.c.showGradients(),
        title: `${run.experimentName} · ${run.runId}`,
        lastStep: steps[steps.length - 1] ?? 0,
      };
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const pixels = (record: ShownSamples) => {
        renderGifFrame(canvas, record, context);
        return ctx.getImageData(0, 0, GIF_SIZE, GIF_SIZE).data;
      };
      // Pass 1: the palette from every frame (every other pixel), the theme's colours kept exact.
      const rgb = (c: { r: number; g: number; b: number }): Rgb => [c.r, c.g, c.b];
      const builder = new PaletteBuilder([theme.background, theme.foreground, theme.muted, theme.real, theme.fake].map(rgb));
      for (const [i, record] of records.entries()) {
        this.check();
        this.c.toast.show(`Animated GIF: colours of frame ${i + 1} of ${records.length}…`, 'progress', cancel);
        builder.add(pixels(record), 2);
        await nextTask();
      }
      // Pass 2: encode.
      const encoder = new GifEncoder(GIF_SIZE, GIF_SIZE, builder.build());
      for (const [i, record] of records.entries()) {
        this.check();
        this.c.toast.show(`Animated GIF: encoding frame ${i + 1} of ${records.length}…`, 'progress', cancel);
        encoder.addFrame(pixels(record), i === records.length - 1 ? LAST_FRAME_DELAY_CS : FRAME_DELAY_CS);
        await nextTask();
      }
      this.check();
      const data = bytesToBase64(encoder.finish());
      if (data.length > MAX_EXPORT_BASE64) throw new Error(`the GIF is too large to save (${Math.round(data.length / 2 ** 20)} MiB)`);
      const skipped = steps.length - records.length;
      this.c.toast.show(`Saving the GIF (${records.length} frames${skipped ? `, ${skipped} missing` : ''})…`, 'progress');
      this.c.post({
        type: 'saveExport',
        payload: { format: 'gif', suggestedName: exportFileName(run.experimentName, run.runId, 'samples', 'gif'), data },
      });
    } catch (e) {
      if (e instanceof Cancelled) this.c.toast.show('Animated GIF cancelled.', 'info');
      else this.c.toast.show(`Could not make the GIF: ${(e as Error).message}`, 'error');
    } finally {
      this.busy = false;
      this.waiters.clear();
      this.c.onBusy?.(false);
    }
  }

  private check(): void {
    if (this.cancelled) throw new Cancelled('cancelled');
  }

  /** Asks the host for a step's record; null when it does not answer in time (that frame is left out). */
  private fetch(step: number): Promise<ShownSamples | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(step);
        resolve(null);
      }, FETCH_TIMEOUT_MS);
      this.waiters.set(step, (record: ShownSamples | null) => {
        clearTimeout(timer);
        resolve(record);
      });
      this.c.post({ type: 'requestSamples', payload: { step } });
    }).then((record) => {
      this.check();
      return record as ShownSamples | null;
    });
  }
}

/** Lets the page paint and handle input between frames. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
