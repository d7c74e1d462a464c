/** Recognises host → webview messages (anything else is logged and ignored). */
import type { HostToWebview } from '../../../src/shared/protocol';

const TYPES: readonly HostToWebview['type'][] = [
  'snapshot',
  'metricsAppended',
  'histogramAppended',
  'qualityAppended',
  'eventAppended',
  'samplesShown',
  'runChanged',
  'compareRunsListed',
  'compareRunAdded',
  'exportDone',
  'samplingShown',
];

export function isHostToWebview(m: unknown): m is HostToWebview {
  if (typeof m !== 'object' || m === null) return false;
  const { type, payload } = m as { type?: unknown; payload?: unknown };
  return typeof type === 'string' && (TYPES as readonly string[]).includes(type) && typeof payload === 'object' && payload !== null;
}

/** Calls `handler` with every valid message the host sends to this page. */
export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebview(event.data)) handler(event.data);
    else console.warn('GAN Workbench webview: unknown message', event.data);
  });
}
