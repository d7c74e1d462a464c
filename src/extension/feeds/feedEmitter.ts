/**
 * A minimal event emitter for code that must not import `vscode` (the feeds, tested in-process):
 * listeners in subscription order, each subscription a disposable.
 */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

export class FeedEmitter<T> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();

  /** Subscribes; the returned disposable unsubscribes. */
  readonly event = (listener: Listener<T>): Disposable => {
    const own: Listener<T> = (value) => listener(value);
    this.listeners.add(own);
    return { dispose: () => this.listeners.delete(own) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
