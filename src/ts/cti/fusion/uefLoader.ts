import type { UefGlobal } from './uef';

/** Oracle's hosted UEF client, as Oracle's documentation names it. */
export const ORACLE_UEF_CLIENT_URL = 'https://static.oracle.com/cdn/ui-events-framework/libs/ui-events-framework-client.js';

function uefGlobal(): UefGlobal | undefined {
  const candidate = (window as unknown as { CX_SVC_UI_EVENTS_FRAMEWORK?: UefGlobal }).CX_SVC_UI_EVENTS_FRAMEWORK;
  return candidate && typeof candidate.uiEventsFramework?.initialize === 'function' ? candidate : undefined;
}

/**
 * Loads the UEF client script (Oracle's inside Fusion, the local stand-in under the simulator) and resolves its
 * global. Rejects with a message that names the address when the script fails or defines nothing.
 */
export function loadUefClient(url: string, timeoutMs = 20000): Promise<UefGlobal> {
  const already = uefGlobal();
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const timer = window.setTimeout(() => reject(new Error(`The UI Events Framework did not load from ${url} within ${timeoutMs / 1000} s.`)), timeoutMs);
    script.src = url;
    script.async = true;
    script.onload = () => {
      window.clearTimeout(timer);
      const loaded = uefGlobal();
      if (loaded) resolve(loaded);
      else reject(new Error(`${url} loaded but did not define CX_SVC_UI_EVENTS_FRAMEWORK. Is the toolbar running inside Fusion?`));
    };
    script.onerror = () => {
      window.clearTimeout(timer);
      reject(new Error(`Could not load the UI Events Framework from ${url}.`));
    };
    document.head.appendChild(script);
  });
}
