/**
 * The XMLHttpRequest for Node that cometd-nodejs-client 2.0.0 ships (src/XMLHttpRequest.js), as far as the bridge
 * uses it: the package's own typings declare only adapt(), which installs it globally (see cometdRuntime.ts).
 */
declare module 'cometd-nodejs-client/src/XMLHttpRequest.js' {
  export interface CookieStore {
    storeCookie(uri: unknown, header: string, callback: (failure: Error | null, cookie: unknown) => void): void;
    retrieveCookies(context: unknown, uri: unknown, callback: (failure: Error | null, cookies: string[]) => void): void;
  }

  export class XMLHttpRequest {
    constructor(options?: { cookies?: CookieStore });
    readonly status: number;
    readonly statusText: string;
    readonly responseText: string;
    onload: (() => void) | undefined;
    onerror: ((error?: unknown) => void) | undefined;
    open(method: string, uri: string): void;
    setRequestHeader(name: string, value: string): void;
    send(data?: string): void;
    abort(): void;
  }
}
