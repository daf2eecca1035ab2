/**
 * Carriers for protocol messages: an in-memory channel for tests and a postMessage port for the browser.
 * Both deliver asynchronously and in order, and both drop anything parseMessage rejects.
 */
import { Message, parseMessage } from './protocol';

export interface Port {
  send(message: Message): void;
  onMessage(handler: (message: Message) => void): void;
}

/** A handler that throws must not stop delivery to the others (postMessage listeners behave the same). */
function deliver(handlers: ReadonlyArray<(message: Message) => void>, message: Message): void {
  for (const handler of handlers) {
    try {
      handler(message);
    } catch (error) {
      console.error('[fusion-uef-standin] message handler failed', error);
    }
  }
}

/** Copies like postMessage's structured clone, so neither end can share mutable objects with the other. */
function cloneMessage(message: unknown): unknown {
  if (typeof structuredClone === 'function') return structuredClone(message);
  return JSON.parse(JSON.stringify(message)) as unknown;
}

/**
 * Two connected ends. Delivery is a microtask per message (in send order), so it works with jest's fake timers
 * while still being asynchronous like postMessage.
 */
export function createMemoryChannel(): { toolbarEnd: Port; hostEnd: Port } {
  const toolbarHandlers: Array<(message: Message) => void> = [];
  const hostHandlers: Array<(message: Message) => void> = [];
  const end = (own: typeof toolbarHandlers, peer: typeof hostHandlers): Port => ({
    send(message) {
      const copy = cloneMessage(message);
      void Promise.resolve().then(() => {
        const parsed = parseMessage(copy);
        if (parsed) deliver(peer, parsed);
      });
    },
    onMessage(handler) {
      own.push(handler);
    },
  });
  return { toolbarEnd: end(toolbarHandlers, hostHandlers), hostEnd: end(hostHandlers, toolbarHandlers) };
}

/**
 * A port to another window (the parent for the toolbar, the iframe for the host page). Posts with an explicit target
 * origin, so nothing leaks if the other window navigated elsewhere, and accepts only messages from that window and
 * origin that pass parseMessage.
 */
export function createWindowPort(target: Window, targetOrigin: string, self: Window): Port {
  const handlers: Array<(message: Message) => void> = [];
  self.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== target) return; // other frames, extensions, dev tooling: not ours
    if (event.origin !== targetOrigin) {
      console.warn(`[fusion-uef-standin] ignored a message from origin ${event.origin}; expected ${targetOrigin}`);
      return;
    }
    const message = parseMessage(event.data);
    if (message) deliver(handlers, message);
  });
  return {
    send(message) {
      target.postMessage(message, targetOrigin);
    },
    onMessage(handler) {
      handlers.push(handler);
    },
  };
}

/** The origin of `value` if it is an absolute http(s) URL or origin, else null. */
export function httpOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
