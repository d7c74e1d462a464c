/**
 * The dashboard's export actions: a "PNG" button per chart (the canvas on the theme's background,
 * posted as `saveExport`), "Metrics CSV" (`exportMetricsCsv`: the host writes the file from
 * metrics.jsonl) and the host's answers (`exportDone`) in the status line.
 */
import type { ExportDoneMessage, WebviewToHost } from '../../../src/shared/protocol';
import type { RunView } from '../../../src/shared/protocol';
import { button } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { Toast } from '../ui/toast';
import { exportFileName } from './names';
import { canvasToPng } from './png';

export interface ExporterContext {
  run: () => RunView | null;
  theme: () => Theme;
  post: (message: WebviewToHost) => void;
  toast: Toast;
}

export class Exporter {
  constructor(private readonly c: ExporterContext) {}

  /**
   * A "PNG" button saving `canvas()` as `<experiment>-<run id>-<what>.png`; `title` names the chart
   * in the picture's caption and the button's tooltip.
   */
  pngButton(what: string | (() => string), title: string, canvas: () => HTMLCanvasElement | null): HTMLButtonElement {
    return button('PNG', () => this.png(typeof what === 'string' ? what : what(), title, canvas()), {
      class: 'secondary small',
      title: `Save the ${title.toLowerCase()} chart as a PNG image`,
      'aria-label': `Save ${title} as PNG`,
    });
  }

  png(what: string, title: string, canvas: HTMLCanvasElement | null): void {
    const run = this.c.run();
    // A canvas on the page must be shown; one made for the export (several charts in one picture) is not on the page.
    if (!canvas || canvas.width === 0 || canvas.height === 0 || canvas.hidden || (canvas.isConnected && canvas.offsetParent === null)) {
      this.c.toast.show(`There is no ${title.toLowerCase()} chart to save yet.`, 'error');
      return;
    }
    const t = this.c.theme();
    try {
      const data = canvasToPng(canvas, t.background, {
        text: [run?.experimentName, run?.runId, title].filter((p) => !!p).join(' · '),
        color: t.muted,
        font: `${Math.max(11, t.fontSize - 1)}px ${t.fontFamily}`,
        fontSize: Math.max(11, t.fontSize - 1),
      });
      this.c.toast.show(`Saving ${title.toLowerCase()} as PNG…`, 'progress');
      this.c.post({
        type: 'saveExport',
        payload: { format: 'png', suggestedName: exportFileName(run?.experimentName ?? '', run?.runId ?? '', what, 'png'), data },
      });
    } catch (e) {
      this.c.toast.show(`Could not make the PNG: ${(e as Error).message}`, 'error');
    }
  }

  csvButton(): HTMLButtonElement {
    return button(
      'Metrics CSV',
      () => {
        this.c.toast.show('Exporting the metrics as CSV…', 'progress');
        this.c.post({ type: 'exportMetricsCsv', payload: {} });
      },
      { class: 'secondary small', title: 'Save every metric record of this run (metrics.jsonl) as CSV' },
    );
  }

  /** The host's answer to an export. */
  done(payload: ExportDoneMessage['payload']): void {
    this.c.toast.show(payload.message || (payload.ok ? 'Saved.' : 'The export failed.'), payload.ok ? 'info' : 'error');
  }
}
