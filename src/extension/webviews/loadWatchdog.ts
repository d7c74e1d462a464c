/**
 * Notices a webview page that never loads. In VS Code for the Web (code-server) every webview frame
 * registers its own service worker for one shared scope; when two frames load at once (a window
 * reload restoring the dashboard and the Samples view) one of them can wait for ever for a
 * `controllerchange` that has already happened, and stays blank. Setting the HTML again does not
 * help (the frame waits on the same worker); a new panel, with a new frame and a new registration,
 * loads, and its registration also wakes any other frame that was stuck.
 *
 * The page says it has loaded by posting `ready`. The clock runs only while the panel is visible,
 * because a hidden panel's page is unloaded and loads again when shown.
 */
export class LoadWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loaded = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStuck: () => void,
  ) {}

  /** The panel became visible (or was created visible): its page loads now. */
  shown(): void {
    if (this.loaded || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onStuck();
    }, this.timeoutMs);
  }

  /** The panel was hidden: its page is unloaded and will load again when shown. */
  hidden(): void {
    this.loaded = false;
    this.stop();
  }

  /** The page posted `ready`. */
  ready(): void {
    this.loaded = true;
    this.stop();
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
