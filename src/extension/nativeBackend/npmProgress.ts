/**
 * npm's stage, read from the lines it prints with `--loglevel=http --foreground-scripts` (stdout
 * and stderr alike): fetching package metadata, fetching the tarballs, then the native package's
 * install script, which downloads libtensorflow and builds or fetches the Node.js binding. Each
 * line that moves to a new stage (or counts another package) gives the text for the progress
 * notification. Pure.
 */

export class NpmProgress {
  private metadata = 0;
  private tarballs = 0;
  private script: string | undefined;

  constructor(private readonly packageName: string) {}

  /** The progress text after `line`, or undefined when the line changes nothing shown. */
  feed(line: string): string | undefined {
    const text = line.trim();
    const fetched = /^npm http (?:fetch GET \d+|cache) (\S+)/.exec(text);
    if (fetched && this.script === undefined) {
      if (/\.tgz\b/.test(fetched[1]!)) this.tarballs++;
      else this.metadata++;
      return this.tarballs > 0 ? `downloading packages (${this.tarballs})…` : `resolving packages (${this.metadata})…`;
    }
    const script = /^> (\S+)@\S+ (preinstall|install|postinstall)$/.exec(text);
    if (script) {
      this.script = script[1]!;
      return `running ${script[1]}'s ${script[2]} script…`;
    }
    if (text === '* Downloading libtensorflow') return `downloading libtensorflow for ${this.packageName} (several hundred MB)…`;
    if (text === '* Building TensorFlow Node.js bindings') return 'fetching or building the TensorFlow Node.js binding…';
    return undefined;
  }
}
