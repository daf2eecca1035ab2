/**
 * The CCP emulator (dev/ccp/) behind the frame that the real `connect.core.initCCP()` creates in jsdom: Streams runs
 * unmodified down to its postMessage boundary, and the emulator's model and endpoint answer as the CCP page does in
 * a browser. jsdom's postMessage neither sets `source` nor clones, so both directions are played here: the library's
 * messages to the frame are cloned and handed to the endpoint, and the endpoint's are dispatched as MessageEvents
 * whose source is the frame, the only source Streams listens to.
 */
import { CcpEndpoint } from '../../../dev/ccp/ccpEndpoint';
import type { CcpModel } from '../../../dev/ccp/ccpModel';

export const CCP_ORIGIN = 'https://example.my.connect.aws';
export const CCP_URL = `${CCP_ORIGIN}/ccp-v2/`;

/** What postMessage's structured clone does to our messages: Dates kept, prototypes dropped, functions refused. */
export function structuredCopy<T>(value: T, seen = new Map<object, unknown>()): T {
  if (typeof value === 'function') throw new Error('DataCloneError: a function could not be cloned');
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) (copy as Record<string, unknown>)[key] = structuredCopy((value as Record<string, unknown>)[key], seen);
  return copy as T;
}

export interface CcpFrame {
  /** Resolves once Streams created its frame and the emulator answers behind it. */
  readonly ready: Promise<CcpEndpoint>;
  /** Stops answering and removes the container. */
  dispose(): void;
}

/**
 * Watches `container` for the frame initCCP creates and puts the emulator behind it. `acknowledge: false` plays a
 * CCP that never acknowledges (a wrong ccpUrl, or an agent who is not signed in).
 */
export function emulateCcpIn(container: HTMLElement, model: CcpModel, options: { acknowledge?: boolean } = {}): CcpFrame {
  let endpoint: CcpEndpoint | null = null;
  let disposed = false;
  let observer: MutationObserver | null = null;
  const ready = new Promise<CcpEndpoint>((resolve) => {
    const attach = (frame: HTMLIFrameElement): void => {
      const frameWindow = frame.contentWindow;
      if (!frameWindow || endpoint) return;
      const toLibrary = (message: { event: string; data: unknown }): void => {
        const copy = structuredCopy(message);
        // Asynchronous, as postMessage is; timers keep the order of the messages.
        setTimeout(() => {
          if (!disposed) window.dispatchEvent(new MessageEvent('message', { data: copy, origin: CCP_ORIGIN, source: frameWindow }));
        }, 0);
      };
      const attached = new CcpEndpoint(model, { send: toLibrary }, { acknowledge: options.acknowledge ?? true });
      endpoint = attached;
      frameWindow.postMessage = ((message: unknown) => {
        const copy = structuredCopy(message);
        setTimeout(() => {
          if (!disposed) attached.receive(copy);
        }, 0);
      }) as Window['postMessage'];
      // The page loads after initCCP returned, as a real frame does.
      setTimeout(() => {
        if (!disposed) attached.start();
        resolve(attached);
      }, 0);
    };
    const existing = container.querySelector('iframe');
    if (existing) attach(existing);
    observer = new MutationObserver(() => {
      const frame = container.querySelector('iframe');
      if (frame) attach(frame);
    });
    observer.observe(container, { childList: true, subtree: true });
  });
  return {
    ready,
    dispose: () => {
      disposed = true;
      observer?.disconnect();
      endpoint?.stop();
      container.remove();
    },
  };
}
