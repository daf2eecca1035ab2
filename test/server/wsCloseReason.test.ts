/** @jest-environment node */
import { wsCloseReason } from '../../server/src/bridge/wsCloseReason';

const bytes = (text: string) => new TextEncoder().encode(text).length;

test('a reason that fits is kept as it is', () => {
  expect(wsCloseReason('token expired')).toBe('token expired');
  expect(wsCloseReason('x'.repeat(123))).toBe('x'.repeat(123));
});

test('a longer one is cut to 123 bytes of UTF-8, ending in an ellipsis', () => {
  const cut = wsCloseReason(`the agent's Genesys session is no longer valid; sign in again (${'GWS answered 401 '.repeat(10)})`);
  expect(bytes(cut)).toBeLessThanOrEqual(123);
  expect(cut.endsWith('…')).toBe(true);
  expect(cut.startsWith("the agent's Genesys session is no longer valid")).toBe(true);
});

test('it cuts between code points, never inside a surrogate pair', () => {
  const cut = wsCloseReason('😀'.repeat(40));
  expect(bytes(cut)).toBeLessThanOrEqual(123);
  expect(cut).toBe(`${'😀'.repeat(30)}…`);
});
