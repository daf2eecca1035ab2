/** @jest-environment node */
/**
 * A session's token renewal (Session.renew): the session then ends with the new token, not the old one, and never
 * changes agent or DN. Fake timers stand for the clock, so no test waits for a token to expire.
 */
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';
import { Session, type SessionSocket } from '../../server/src/bridge/session';

function fakeSocket(): SessionSocket & { closes: Array<{ code: number; reason: string }> } {
  const closes: Array<{ code: number; reason: string }> = [];
  return { closes, bufferedAmount: 0, send: () => undefined, close: (code, reason) => closes.push({ code, reason }), terminate: () => undefined };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('without a renewal the session closes with 4001 when its token expires', () => {
  const socket = fakeSocket();
  new Session({ agentId: 'agent1', dn: '7001', tokenExpiresAt: Date.now() + 60_000 }, socket);
  jest.advanceTimersByTime(60_000);
  expect(socket.closes).toEqual([{ code: CLOSE_CODES.tokenExpired, reason: 'token expired' }]);
});

test('a renewed token moves the end to its own expiry: open at the old one, closed at the new one', () => {
  const socket = fakeSocket();
  const session = new Session({ agentId: 'agent1', dn: '7001', tokenExpiresAt: Date.now() + 60_000 }, socket);
  jest.advanceTimersByTime(50_000);

  session.renew({ agentId: 'agent1', dn: '7001', tokenExpiresAt: Date.now() + 60_000 });

  jest.advanceTimersByTime(10_000);
  expect(session.isOpen).toBe(true);
  expect(socket.closes).toEqual([]);
  jest.advanceTimersByTime(50_000);
  expect(socket.closes).toEqual([{ code: CLOSE_CODES.tokenExpired, reason: 'token expired' }]);
});

test('a renewal for another agent or DN changes nothing', () => {
  const socket = fakeSocket();
  const session = new Session({ agentId: 'agent1', dn: '7001', tokenExpiresAt: Date.now() + 60_000 }, socket);

  session.renew({ agentId: 'agent2', dn: '7002', tokenExpiresAt: Date.now() + 600_000 });
  session.renew({ agentId: 'agent1', dn: '7002', tokenExpiresAt: Date.now() + 600_000 });

  expect(session.agent).toEqual({ agentId: 'agent1', dn: '7001', tokenExpiresAt: expect.any(Number) });
  jest.advanceTimersByTime(60_000);
  expect(socket.closes).toEqual([{ code: CLOSE_CODES.tokenExpired, reason: 'token expired' }]);
});
