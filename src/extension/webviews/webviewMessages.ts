/**
 * The host's entry for every message a webview posts (no `vscode` import, so it is unit-tested):
 * a message is checked against the contract (isWebviewToHost) and only then handed to the
 * view's handler for its type; anything else is refused with a reason and nothing is acted on.
 */
import { isWebviewToHost, type WebviewToHost } from '../../shared/protocol';

export type WebviewMessageType = WebviewToHost['type'];
export type WebviewPayload<T extends WebviewMessageType> = Extract<WebviewToHost, { type: T }>['payload'];
/** What a view does with each message type it accepts; a type it leaves out is refused. */
export type WebviewHandlers = { [T in WebviewMessageType]?: (payload: WebviewPayload<T>) => unknown };

/** A short, safe rendering of anything for the log. */
export function describeMessage(message: unknown): string {
  try {
    return (JSON.stringify(message) ?? String(message)).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(message);
  }
}

/** Validates `message` and runs its handler; `refuse` gets the reason when nothing is acted on. */
export async function dispatchWebviewMessage(message: unknown, handlers: WebviewHandlers, refuse: (reason: string) => void): Promise<void> {
  if (!isWebviewToHost(message)) return refuse(`ignored an invalid message ${describeMessage(message)}`);
  const handler = Object.hasOwn(handlers, message.type) ? (handlers[message.type] as (payload: unknown) => unknown) : undefined;
  if (!handler) return refuse(`ignored a ${message.type} message, which this view does not send`);
  await handler(message.payload);
}
