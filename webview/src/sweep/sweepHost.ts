/**
 * The sweep dashboard's side of its messages: typed posts to the host, and the host's messages
 * recognised (a `sweepShown` whose payload has a trials array; anything else is logged and ignored).
 */
import type { HostToSweepView, SweepView, SweepViewToHost } from '../../../src/shared/protocol';

interface SweepVsCodeApi {
  postMessage(message: SweepViewToHost): void;
  /** The panel's state: the host restores the panel on this sweep folder after a window reload. */
  setState(state: { dir: string }): void;
}
declare function acquireVsCodeApi(): SweepVsCodeApi;

let api: SweepVsCodeApi | null = null;

function host(): SweepVsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function postToHost(message: SweepViewToHost): void {
  host().postMessage(message);
}

function isSweepShown(m: unknown): m is HostToSweepView {
  if (typeof m !== 'object' || m === null) return false;
  const { type, payload } = m as { type?: unknown; payload?: unknown };
  if (type !== 'sweepShown' || typeof payload !== 'object' || payload === null) return false;
  const sweep = payload as Partial<SweepView>;
  return Array.isArray(sweep.trials) && Array.isArray(sweep.parameters) && typeof sweep.objective === 'object';
}

/** Calls `handler` with every sweep the host sends. */
export function onSweepShown(handler: (sweep: SweepView) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isSweepShown(event.data)) {
      host().setState({ dir: event.data.payload.dir });
      handler(event.data.payload);
    } else console.warn('GAN Workbench sweep view: unknown message', event.data);
  });
}
