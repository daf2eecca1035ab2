/** @jest-environment node */
/** The loopback addresses the load clients connect from: one address's ports hold about 28,000 sessions. */
import { createServer, connect, type AddressInfo } from 'node:net';
import { checkLocal, describeAddresses, loopbackAddress, SESSIONS_PER_ADDRESS, sourceAddressesFor, sourceAddressOf, UNBOUND_AT_MOST } from '../../bench/src/bridge/sourceAddresses';

describe('source addresses', () => {
  test('up to UNBOUND_AT_MOST the system picks; above, fresh addresses, SESSIONS_PER_ADDRESS each at most, never handed out twice', () => {
    expect([UNBOUND_AT_MOST, SESSIONS_PER_ADDRESS]).toEqual([10_000, 5000]);
    expect(sourceAddressesFor(10_000)).toEqual([]);
    expect(sourceAddressesFor(25_000)).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4', '127.0.1.5']);
    expect(sourceAddressesFor(10_001)).toEqual(['127.0.1.6', '127.0.1.7', '127.0.1.8']);
    // Once bound, always: the system would no longer pick the ports the larger step bound.
    expect(sourceAddressesFor(5000)).toEqual(['127.0.1.9']);
  });

  test('addresses run 127.0.1.1 to 127.0.1.254, then 127.0.2.1', () => {
    expect([loopbackAddress(0), loopbackAddress(253), loopbackAddress(254), loopbackAddress(508)]).toEqual(['127.0.1.1', '127.0.1.254', '127.0.2.1', '127.0.3.1']);
  });

  test('sessions take the addresses round robin', () => {
    const addresses = ['127.0.1.1', '127.0.1.2'];
    expect([0, 1, 2, 3].map((index) => sourceAddressOf(addresses, index))).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.1', '127.0.1.2']);
    expect(sourceAddressOf([], 7)).toBeUndefined();
    expect(describeAddresses([])).toBe('127.0.0.1');
    expect(describeAddresses(addresses)).toBe('127.0.1.1–127.0.1.2');
  });

  test('on Linux a client connects to 127.0.0.1 from another loopback address, and the server sees that address', async () => {
    if (process.platform !== 'linux') return;
    await checkLocal(['127.0.1.1', '127.0.200.9']);
    const server = createServer((socket) => socket.end(socket.remoteAddress ?? '?'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const seen = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, localAddress: '127.0.200.9' });
        let text = '';
        socket.on('data', (chunk) => (text += String(chunk)));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(seen).toBe('127.0.200.9');
    } finally {
      server.close();
    }
  });

  test('an address that is not this machine\'s is refused, naming it', async () => {
    await expect(checkLocal(['192.0.2.1'])).rejects.toThrow(/cannot connect from 192\.0\.2\.1/);
  });
});
