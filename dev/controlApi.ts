/**
 * JSON over HTTP to a development server's control API (the bridge simulator's /simulator/*, the fake GWS's
 * /fake-gws/control/*), for the Customer panel's customer sides. A refusal becomes an Error in the server's words
 * (`errorMessage` from the bridge, `error` from the fake GWS), else its status line.
 */
export class ControlApi {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async get<T>(path: string): Promise<T> {
    const response = await this.fetchFn(`${this.baseUrl}${path}`);
    if (!response.ok) throw new Error(await errorOf(response));
    return (await response.json()) as T;
  }

  async post(path: string, body?: Readonly<Record<string, string | boolean>>): Promise<void> {
    const response = await this.fetchFn(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(await errorOf(response));
  }
}

async function errorOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errorMessage?: unknown; error?: unknown };
    if (typeof body.errorMessage === 'string') return body.errorMessage;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: fall through to the status line
  }
  return `HTTP ${response.status} ${response.statusText}`;
}
