/**
 * Recognises host → webview messages (anything else is logged and ignored): a known type with an
 * object payload; a quality record must also be well formed (its class histogram is drawn as is).
 */
import type { HostToWebview } from '../../../src/shared/protocol';
import { isQualityRecord } from '../../../src/shared/runFormatGuards';

/** Every type the host sends (a type added to the protocol and left out here does not compile). */
const KNOWN: { readonly [T in HostToWebview['type']]: true } = {
  snapshot: true,
  metricsAppended: true,
  histogramAppended: true,
  qualityAppended: true,
  eventAppended: true,
  samplesShown: true,
  runChanged: true,
  compareRunsListed: true,
  compareRunAdded: true,
  exportDone: true,
  samplingShown: true,
  experimentFileState: true,
};
const TYPES = Object.keys(KNOWN);

export function isHostToWebview(m: unknown): m is HostToWebview {
  if (typeof m !== 'object' || m === null) return false;
  const { type, payload } = m as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !TYPES.includes(type) || typeof payload !== 'object' || payload === null) return false;
  return type !== 'qualityAppended' || isQualityRecord(payload);
}

/** Calls `handler` with every valid message the host sends to this page. */
export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebview(event.data)) handler(event.data);
    else console.warn('GAN Workbench webview: unknown message', event.data);
  });
}
