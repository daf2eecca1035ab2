/** Loopback ports for processes a test starts on an address it must know before they listen. */
import { createServer } from 'node:net';

/**
 * A port free now (the OS picks it), closed again so that a process of the test can take it. For a process that
 * must come back on the same address (a restarted bridge behind a balancer that names it).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('the OS gave no TCP port');
  return address.port;
}
