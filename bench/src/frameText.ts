import type WebSocket from 'ws';

/** A text frame's text: ws hands it over as a Buffer (fragments of one, or an ArrayBuffer, with other settings). */
export function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
