/**
 * A WebSocket close reason holds at most 123 bytes of UTF-8 (RFC 6455, section 5.5: a control frame's body is at most
 * 125 bytes, 2 of them the code), and ws throws a RangeError for a longer one. Reasons come from everywhere (token
 * refusals, a backend's words), so every close goes through this: a longer one is cut, whole code points only, and
 * ends in an ellipsis.
 */
const MAX_CLOSE_REASON_BYTES = 123;

export function wsCloseReason(message: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(message).length <= MAX_CLOSE_REASON_BYTES) return message;
  const points = Array.from(message);
  while (points.length > 0 && encoder.encode(`${points.join('')}…`).length > MAX_CLOSE_REASON_BYTES) points.pop();
  return `${points.join('')}…`;
}
