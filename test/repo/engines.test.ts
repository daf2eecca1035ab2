/**
 * package.json's `engines` must be true: every Node version it admits is one that every installed package admits,
 * so `npm ci` on a supported Node never warns EBADENGINE and nothing fails later on a missing Node API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import satisfies from 'semver/functions/satisfies';
import subset from 'semver/ranges/subset';

const root = join(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface LockEntry {
  readonly version?: string;
  readonly engines?: { readonly node?: string } | readonly string[];
}

describe('supported Node versions', () => {
  const supported = (readJson('package.json') as { engines: { node: string } }).engines.node;
  const packages = (readJson('package-lock.json') as { packages: Record<string, LockEntry> }).packages;

  it('are stated in package.json, and the lock file says the same (npm ci does not check that)', () => {
    expect(supported).toMatch(/\d/);
    expect(packages[''].engines).toEqual({ node: supported });
  });

  it('are admitted by every locked package', () => {
    const demanding = Object.entries(packages)
      .filter(([path]) => path !== '')
      .map(([path, entry]) => ({ path, version: entry.version, node: Array.isArray(entry.engines) ? undefined : (entry.engines as { node?: string } | undefined)?.node }))
      .filter((entry) => entry.node !== undefined && !subset(supported, entry.node))
      .map((entry) => `${entry.path}@${entry.version} wants node ${entry.node}`);
    expect(demanding).toEqual([]);
  });

  it('include the Node running the tests', () => {
    expect({ node: process.version, supported: satisfies(process.version, supported) }).toEqual({ node: process.version, supported: true });
  });
});
