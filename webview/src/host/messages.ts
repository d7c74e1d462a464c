/**
 * Recognises host → webview messages (anything else is logged and ignored): a known type with an
 * object payload; a quality record must also be well formed (its class histogram is drawn as is).
 */
import type { HostToWebview } from '../../../src/shared/protocol';
import { isQualityRecord } from '../../../src/shared/runFormatGuards';

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
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type) || typeof payload !== 'object' || payload === null)
    return false;
  return type !== 'qualityAppended' || isQualityRecord(payload);
}

/** Calls `handler` with every valid message the host sends to this page. */
export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebview(event.data)) handler(event.data);
    else console.warn('GAN Workbench webview: unknown message', event.data);
  });
}
