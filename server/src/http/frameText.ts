import type { RawData } from 'ws';

/**
 * A WebSocket text frame's text. ws hands a frame over as a Buffer, or as its fragments or an ArrayBuffer with other
 * binaryType settings (its RawData type). The bridge, its tests and the benchmarks all read frames through this one
 * function.
 */
export function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
