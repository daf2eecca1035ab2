/**
 * What the core tells the agent (the error line, a refused command), as a key of the call-messages catalog with its
 * parameters, so that the toolbar can show it in the agent's language: the catalog below is the English one, the
 * root of JET's translation bundle `resources/nls/callMessages` (de/ and ja/ beside it translate each key). Fusion's
 * failure results and the log take the English words (`inEnglish`).
 * Pure TypeScript, like the rest of the core.
 */

/** The English words of each message. `{name}` is a parameter; it is filled from the message's params. */
export const CALL_MESSAGES = {
  /** A message whose words come from elsewhere (the phone system's own, or a vendor handler's), shown as they are. */
  said: '{text}',
} as const;

export type CallMessageKey = keyof typeof CALL_MESSAGES;

/** A catalog in one language: every key, in that language's words, with the same parameters as the English. */
export type CallMessageCatalog = Readonly<Record<CallMessageKey, string>>;

/** A parameter's value: words as given (a number, a vendor's name), or another message, translated in turn. */
export type MessageParam = string | number | AgentMessage;

export interface AgentMessage {
  readonly key: CallMessageKey;
  readonly params: Readonly<Record<string, MessageParam>>;
}

/** The message of `key` with `params`. */
export function say(key: CallMessageKey, params: Readonly<Record<string, MessageParam>> = {}): AgentMessage {
  return { key, params };
}

/** Words from elsewhere (a vendor's message), as a message that every language shows as they are. */
export function saidAs(text: string): AgentMessage {
  return say('said', { text });
}

/**
 * Fills a template's `{name}` parameters. A parameter the template names but the message lacks stays as `{name}`,
 * so a mistake shows in the words instead of vanishing; a parameter the template does not use is left out.
 */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? params[name] : whole));
}

/** The message in a catalog's language; a message given as a parameter is put in that language too. */
export function render(catalog: CallMessageCatalog, message: AgentMessage): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.params)) {
    params[name] = typeof value === 'object' ? render(catalog, value) : String(value);
  }
  return fill(catalog[message.key] ?? CALL_MESSAGES[message.key], params);
}

/** The message in English: for Fusion's failure results and the log. */
export function inEnglish(message: AgentMessage): string {
  return render(CALL_MESSAGES, message);
}
