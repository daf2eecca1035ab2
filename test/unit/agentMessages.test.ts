import { type AgentMessage, CALL_MESSAGES, type CallMessageCatalog, agentMessageProblem, fill, inEnglish, render, say, saidAs } from '../../src/ts/cti/core/agentMessages';
import master from '../../src/ts/resources/nls/callMessages';
import de from '../../src/ts/resources/nls/de/callMessages';
import ja from '../../src/ts/resources/nls/ja/callMessages';

const TRANSLATIONS: ReadonlyArray<[string, CallMessageCatalog]> = [
  ['de', de],
  ['ja', ja],
];

/** A template's parameter names, each as often as it appears, sorted. */
function parameters(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).sort();
}

describe('agentMessages: the core\'s words as keys of a translatable catalog', () => {
  it('fills named parameters, and leaves one the message lacks visible', () => {
    expect(fill('{a} and {b}', { a: 'x', b: 'y' })).toBe('x and y');
    expect(fill('{a} and {missing}', { a: 'x' })).toBe('x and {missing}');
    expect(fill('no parameters', { unused: 'x' })).toBe('no parameters');
  });

  it('does not read parameters from the prototype chain', () => {
    expect(fill('{constructor}', {})).toBe('{constructor}');
  });

  it('puts a message given as a parameter into the same language', () => {
    const message = say('failedBecause', { lead: say('couldNotAccept'), reason: saidAs('server error') });
    expect(inEnglish(message)).toBe('Could not answer the call: server error');
    expect(render(de, message)).toBe(`${de.couldNotAccept}: server error`);
  });

  it('shows words from elsewhere as they are, in every language', () => {
    for (const [, catalog] of TRANSLATIONS) expect(render(catalog, saidAs('socket closed'))).toBe('socket closed');
  });

  it('is the root of the ojL10n bundle, which names German and Japanese', () => {
    expect(master).toEqual({ root: CALL_MESSAGES, de: true, ja: true });
  });

  it.each(TRANSLATIONS)('%s: every message has the English parameters, no more and no fewer', (_language, catalog) => {
    const keys = Object.keys(CALL_MESSAGES) as Array<keyof typeof CALL_MESSAGES>;
    expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
    for (const key of keys) expect({ key, parameters: parameters(catalog[key]) }).toEqual({ key, parameters: parameters(CALL_MESSAGES[key]) });
  });

  it.each(TRANSLATIONS)('%s: every message is translated (only the pass-through and pure punctuation may equal the English)', (_language, catalog) => {
    const untranslated = (Object.keys(CALL_MESSAGES) as Array<keyof typeof CALL_MESSAGES>).filter(
      (key) => catalog[key] === CALL_MESSAGES[key] && /[A-Za-z]{3,}/.test(CALL_MESSAGES[key].replace(/\{[^}]*\}/g, '')),
    );
    expect(untranslated).toEqual([]);
  });

  it('takes messages nested four deep, and refuses a fifth level', () => {
    const nested = (levels: number): AgentMessage => (levels === 1 ? saidAs('why') : say('failedBecause', { lead: say('couldNotAccept'), reason: nested(levels - 1) }));
    expect(agentMessageProblem(nested(4))).toBeNull();
    expect(agentMessageProblem(nested(5))).toMatch(/with an odd parameter lead$/);
    expect(inEnglish(nested(4))).toBe('Could not answer the call: Could not answer the call: Could not answer the call: why');
  });
});
