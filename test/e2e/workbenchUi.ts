/**
 * Driving the VS Code workbench (code-server in chromium) the way a person does: the keyboard for
 * Quick Open and the command palette, clicks on tabs, views and webview controls, and reading what
 * is on screen. Every wait polls a condition with a deadline; none is a fixed sleep.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Polls `condition` until it returns something truthy and returns that; after `timeoutMs` throws
 * "timed out after … waiting for <what>", with the last value seen or error thrown by the condition.
 */
export async function waitFor<T>(
  what: string,
  condition: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    describe?: () => Promise<string> | string;
    /** Checked after each try: a reason to stop waiting now (the condition can no longer come true). */
    abortIf?: () => string | undefined;
  },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      last = `last value: ${JSON.stringify(value)}`;
    } catch (e) {
      last = `last error: ${(e as Error).message.split('\n')[0]}`;
    }
    const abort = options.abortIf?.();
    if (abort) {
      const detail = options.describe ? `; ${await Promise.resolve(options.describe()).catch((e: Error) => e.message)}` : '';
      throw new Error(`gave up waiting for ${what}: ${abort} (${last}${detail})`);
    }
    if (Date.now() > deadline) {
      const detail = options.describe ? `; ${await Promise.resolve(options.describe()).catch((e: Error) => e.message)}` : '';
      throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what} (${last}${detail})`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** A locator's text if it is attached now, else '' (does not wait for it to appear). */
export async function textNow(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? ((await locator.first().textContent({ timeout: 5000 })) ?? '').trim() : '';
}

/** A locator's rendered text (innerText: spaces between blocks, whitespace collapsed) if attached now, else ''. */
export async function renderedTextNow(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? (await locator.first().innerText({ timeout: 5000 })).replace(/\s+/g, ' ').trim() : '';
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

export class Workbench {
  constructor(readonly page: Page) {}

  /** The workbench has loaded: its parts and the status bar are on screen. */
  async waitUntilLoaded(timeoutMs = 120_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.page.locator(QUICK_INPUT).isVisible()) await this.page.keyboard.press('Escape');
    await this.page
      .locator(QUICK_INPUT)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }

  /** The label of each row of the open quick input list, top first. */
  async quickInputRows(): Promise<string[]> {
    return this.page.locator(`${QUICK_ROWS} .label-name`).allTextContents();
  }

  /**
   * Opens the quick input with `key`, types `text` and, once a row whose label satisfies `accept`
   * is listed, selects it (Enter when it is the focused row, else a click on it). Retries until
   * `timeoutMs`: commands appear some seconds after the page loads, when the extension host has
   * registered them, and a list that changed under the click is tried again.
   */
  private async pick(key: string, text: string, accept: (label: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press(key);
      const box = this.page.locator(QUICK_INPUT_BOX);
      await box.waitFor({ state: 'visible', timeout: 10_000 });
      await this.page.keyboard.type(text);
      // The list filters as one types and can still change (file search results arrive late):
      // wait until a matching row is listed and the list stays the same over two reads.
      const rowDeadline = Date.now() + 5000;
      let previous = '';
      while (Date.now() < rowDeadline) {
        seen = (await this.quickInputRows()).map((l) => l.trim());
        const current = seen.join('\n');
        if ((await box.inputValue()).endsWith(text) && seen.some(accept) && current === previous) break;
        previous = current;
        await sleep(200);
      }
      const label = seen.find(accept);
      if (label !== undefined) {
        const focused = await textNow(this.page.locator(`${QUICK_ROWS}.focused .label-name`));
        let chosen = true;
        if (focused === label) {
          await this.page.keyboard.press('Enter');
        } else {
          const row = this.page
            .locator(QUICK_ROWS)
            .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
            .first();
          chosen = await row.click({ timeout: 5000 }).then(
            () => true,
            () => false,
          );
        }
        const closed =
          chosen &&
          (await this.page
            .locator(QUICK_INPUT)
            .waitFor({ state: 'hidden', timeout: 10_000 })
            .then(
              () => true,
              () => false,
            ));
        if (closed) return label;
      }
      if (Date.now() > deadline) {
        await this.closeQuickInput();
        throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; listed: ${seen.join(' | ') || 'nothing'}`);
      }
      await this.closeQuickInput();
      await sleep(1000);
    }
  }

  /** F1, the command's title, Enter (retrying until the command is listed). */
  async runCommand(title: string, options: { timeoutMs?: number; prefix?: boolean } = {}): Promise<string> {
    const accept = options.prefix ? (label: string) => label.startsWith(title) : (label: string) => label === title;
    return this.pick('F1', title, accept, `the command palette to list "${title}"`, options.timeoutMs ?? 60_000);
  }

  /** Ctrl+P, the file name, Enter. */
  async quickOpen(fileName: string, timeoutMs = 60_000): Promise<void> {
    await this.pick('Control+P', fileName, (label) => label === fileName, `Quick Open to list ${fileName}`, timeoutMs);
  }

  /** Editor tabs (all groups) whose label contains `text`. */
  tab(text: string | RegExp): Locator {
    return this.page.locator('.part.editor .tabs-container .tab').filter({ hasText: text });
  }

  /** The active tab's label. */
  async activeTabLabel(): Promise<string> {
    return textNow(this.page.locator('.part.editor .tabs-container .tab.active .label-name'));
  }

  /** The visible editor's CodeLens titles (the lenses' links). */
  codeLens(title: string): Locator {
    return this.page.locator('.part.editor .editor-instance .codelens-decoration a').filter({ hasText: title });
  }

  /** Rows of the visible trees and lists of the side bar. */
  sideBarRows(text: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text });
  }

  /** Rows of the Problems panel. */
  problemRows(): Locator {
    return this.page.locator('.part.panel .markers-panel .monaco-list-row');
  }

  /** The notifications shown now (toasts), as text. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
  }

  /**
   * The content frame of the webview whose document has `selector` (VS Code hosts each webview in
   * `iframe.webview` → `#active-frame`); waits until one does.
   */
  async webview(selector: string, what: string, timeoutMs = 60_000): Promise<FrameLocator> {
    return waitFor(
      what,
      async () => {
        const count = await this.page.locator('iframe.webview').count();
        for (let i = 0; i < count; i++) {
          const frame = this.page.frameLocator('iframe.webview').nth(i).frameLocator('#active-frame');
          if ((await frame.locator(selector).count()) > 0) return frame;
        }
        return undefined;
      },
      { timeoutMs, describe: async () => `${await this.page.locator('iframe.webview').count()} webview iframe(s)` },
    );
  }
}

export interface CanvasInk {
  /** Whether the canvas takes space on screen (its box is not hidden). */
  visible: boolean;
  width: number;
  height: number;
  /** Pixels that differ from the most common colour (the background, often transparent). */
  inked: number;
  /** Opaque enough and clearly coloured pixels (data: series, bars, points), not greys (axes, grid, text). */
  colored: number;
}

/**
 * Reads a canvas's pixels in its frame: how much of it is drawn, and how much in colour. Runs
 * inside the webview (playwright evaluates in the element's frame).
 */
export async function canvasInk(canvas: Locator): Promise<CanvasInk> {
  if ((await canvas.count()) === 0) return { visible: false, width: 0, height: 0, inked: 0, colored: 0 };
  return canvas.evaluate(
    (el: Element) => {
      const c = el as HTMLCanvasElement;
      const box = c.getBoundingClientRect();
      const visible = box.width > 0 && box.height > 0 && c.width > 0 && c.height > 0;
      if (!visible) return { visible, width: c.width, height: c.height, inked: 0, colored: 0 };
      const ctx = c.getContext('2d');
      if (!ctx) return { visible, width: c.width, height: c.height, inked: 0, colored: 0 };
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      let background = 0;
      let most = -1;
      for (const [key, n] of counts) {
        if (n > most) {
          most = n;
          background = key;
        }
      }
      const bg = [background >>> 24, (background >>> 16) & 255, (background >>> 8) & 255, background & 255];
      let inked = 0;
      let colored = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!;
        const g = data[i + 1]!;
        const b = data[i + 2]!;
        const a = data[i + 3]!;
        const diff = Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) + Math.abs(a - bg[3]!);
        if (diff > 24) inked++;
        if (a > 64 && Math.max(r, g, b) - Math.min(r, g, b) > 48) colored++;
      }
      return { visible, width: c.width, height: c.height, inked, colored };
    },
    undefined,
    { timeout: 10_000 },
  );
}

/**
 * The tallest vertical run of a colour on a canvas, as a share of the canvas height (0…1): a
 * dashed marker line across the plot gives about half the plot's height. `cssColor` is any CSS
 * colour; pixels within `tolerance` (sum of channel differences) count.
 */
export async function verticalLineShare(canvas: Locator, cssColor: string, tolerance = 36): Promise<number> {
  return canvas.evaluate(
    (el: Element, arg: { cssColor: string; tolerance: number }) => {
      const c = el as HTMLCanvasElement;
      if (c.width === 0 || c.height === 0) return 0;
      const probe = document.createElement('canvas');
      probe.width = probe.height = 1;
      const p = probe.getContext('2d')!;
      p.fillStyle = arg.cssColor;
      p.fillRect(0, 0, 1, 1);
      const [tr, tg, tb] = p.getImageData(0, 0, 1, 1).data;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let best = 0;
      for (let x = 0; x < c.width; x++) {
        let n = 0;
        for (let y = 0; y < c.height; y++) {
          const i = (y * c.width + x) * 4;
          if (data[i + 3]! > 200 && Math.abs(data[i]! - tr!) + Math.abs(data[i + 1]! - tg!) + Math.abs(data[i + 2]! - tb!) <= arg.tolerance)
            n++;
        }
        best = Math.max(best, n);
      }
      return best / c.height;
    },
    { cssColor, tolerance },
    { timeout: 10_000 },
  );
}

/** "1,825 / 3,000 (60%)" → 1825; NaN when there is no number. */
export function leadingInteger(text: string): number {
  const m = /^\s*([\d,]+)/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}
