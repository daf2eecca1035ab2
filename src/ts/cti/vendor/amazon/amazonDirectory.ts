/// <reference types="amazon-connect-streams" />
/**
 * Amazon Connect's quick connects as the toolbar's transfer directory. agent.getEndpoints() answers with Streams'
 * Endpoint objects (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js, Endpoint:
 * endpointARN, type, name, phoneNumber, queue), types from connect.EndpointType: 'agent', 'queue', 'phone_number'. Each
 * becomes an entry whose id is its endpointARN (the quick connect's ARN) and whose name is what the agent reads. What
 * Amazon Connect sent is outside input: an entry without a usable id or name, or of a type the toolbar does not know,
 * is left out; one listed twice (two queues share a quick connect) is kept once.
 */
import type { DirectoryEntry } from '../../core/types';

/** Ids the core takes (core/transferDestination.ts): printable, no spaces, at most 256 characters. */
const ENTRY_ID = /^[\x21-\x7e]{1,256}$/;
/** More than any agent is offered; the rest are left out rather than held. */
export const MAX_DIRECTORY_ENTRIES = 1000;

const KINDS: Readonly<Record<string, DirectoryEntry['kind']>> = { agent: 'agent', queue: 'queue', phone_number: 'number' };

/** The entries in Amazon Connect's order, and the endpoint behind each id (what contact.addConnection() dials). */
export function directoryOf(endpoints: unknown): { entries: DirectoryEntry[]; endpoints: Map<string, connect.Endpoint> } {
  const entries: DirectoryEntry[] = [];
  const byId = new Map<string, connect.Endpoint>();
  if (!Array.isArray(endpoints)) return { entries, endpoints: byId };
  for (const endpoint of endpoints as unknown[]) {
    if (entries.length >= MAX_DIRECTORY_ENTRIES) break;
    if (!endpoint || typeof endpoint !== 'object') continue;
    const { endpointARN, name, type } = endpoint as { endpointARN?: unknown; name?: unknown; type?: unknown };
    const kind = typeof type === 'string' ? KINDS[type] : undefined;
    if (typeof endpointARN !== 'string' || !ENTRY_ID.test(endpointARN) || byId.has(endpointARN)) continue;
    if (typeof name !== 'string' || name.trim() === '' || kind === undefined) continue;
    entries.push({ id: endpointARN, name: name.trim().slice(0, 256), kind });
    byId.set(endpointARN, endpoint as connect.Endpoint);
  }
  return { entries, endpoints: byId };
}
