/**
 * Where clients put their token: `Authorization: Bearer <jwt>` on REST; on a WebSocket upgrade, beside the bridge's
 * subprotocol as `bearer.<jwt>` (browsers cannot set headers on a WebSocket, but they can offer subprotocols).
 */
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../protocol/bridgeProtocol';
import { BridgeFailure } from '../bridge/failure';

/** The bearer token of an Authorization header; undefined when there is no header. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) throw new BridgeFailure('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** The subprotocols a WebSocket upgrade offers (Sec-WebSocket-Protocol: a comma-separated list). */
export function offeredProtocolsOf(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : header ?? '';
  return joined
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

/** The token offered as a subprotocol, if any; offering subprotocols without the bridge's own is refused. */
export function socketTokenOf(offered: readonly string[]): string | undefined {
  if (offered.length > 0 && !offered.includes(BRIDGE_PROTOCOL)) {
    throw new BridgeFailure('BAD_REQUEST', `offer the "${BRIDGE_PROTOCOL}" subprotocol`);
  }
  const tokenProtocol = offered.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX));
  return tokenProtocol?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

/** ws's handleProtocols: the server always answers with the bridge's subprotocol (never echoes the token one). */
export function selectProtocol(offered: Set<string>): string | false {
  return offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false;
}
