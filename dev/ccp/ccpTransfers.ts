/**
 * Transfers, consults and conferences of a voice contact as Amazon Connect answers them, for the CCP emulator's model:
 * the quick connects it lists, what each request sends and changes, and the refusals. Pure: the model (ccpModel.ts)
 * keeps the contacts and applies what is decided here.
 *
 * The requests, as Streams sends them (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js):
 *   - contact.addConnection(endpoint) → `createAdditionalConnection {contactId, endpoint}`, the endpoint without its
 *     endpointId; "Add a new outbound third-party connection to this contact"
 *     (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md#contactaddconnection);
 *   - contact.conferenceConnections() → `conferenceConnections {contactId}`, and contact.toggleActiveConnections() →
 *     `toggleActiveConnections {contactId, connectionId}` (the connection on hold, else the first active one): "only
 *     valid if there is at least one third-party connection and the initial connection is still connected" (ibid.);
 *   - connection.destroy() → `destroyConnection {contactId, connectionId}` of any of the contact's connections;
 *   - agent.getEndpoints(queueARNs) → `getEndpoints {queueARNs, nextToken, maxResults}` (maxResults 500, Streams'
 *     DEFAULT_BATCH_SIZE), answered `{endpoints, nextToken}` and asked again while a nextToken comes (src/api.js,
 *     Agent.prototype.getEndpoints). The shapes are those of the CTI service model Streams bundles
 *     (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/aws-client.js, AmazonConnectCTIService:
 *     Endpoint {endpointARN, type, name, displayName, phoneNumber, agentLogin, queue {queueARN, name}}; a connection
 *     carries its quickConnectName).
 *
 * What they change, where it is published:
 *   - the customer waits on hold while a quick connect is placed ("the contact that the agent is working on hears the
 *     Default customer hold flow", https://docs.aws.amazon.com/connect/latest/adminguide/how-quick-connects-work.html);
 *   - a voice contact has one active third-party connection at a time
 *     (Documentation.md#contactgetsingleactivethirdpartyconnection), of type 'outbound' ("an outbound call or additional
 *     connection added to the contact", Documentation.md#connectiontype); the list of third-party connections may hold
 *     inactive ones (ibid., getThirdPartyConnections);
 *   - a third-party connection to an agent is 'connected' "as soon as the contact is routed to Agent B's queue, not when
 *     Agent B actually is live" (Documentation.md#connectionisconnected), and one to a queue quick connect once it
 *     reaches the queue's flow (https://github.com/amazon-connect/amazon-connect-streams/issues/447); a phone number's
 *     rings ('connecting') until it answers;
 *   - after a conference, "either agent can leave the call ... One agent leaving the call will only end their specific
 *     connection" (https://github.com/amazon-connect/amazon-connect-streams/issues/203); the agent who leaves a consult
 *     or a conference leaves the customer with the third party ("the other parties stay connected",
 *     https://aws.amazon.com/blogs/contact-center/making-cold-transfers-using-the-amazon-connect-streams-api/; a blind
 *     transfer is addConnection then the agent's destroy, https://github.com/amazon-connect/amazon-connect-streams/issues/274),
 *     and each consult leg is a contact of its own (https://docs.aws.amazon.com/connect/latest/adminguide/identify-conferences-transfers.html),
 *     so the agent's contact goes to after-contact work;
 *   - a contact transferred to the agent has initiationMethod 'transfer', and its initialContactId names the contact it
 *     came from (Documentation.md#contactgetoriginalcontactid--contactgetinitialcontactid, ContactInitiationMethod).
 *
 * Not published, and chosen here: which calls Amazon Connect refuses to add (numbers outside the agent's dialable
 * countries, Documentation.md#agentgetdialablecountries, and endpoints that are no quick connect of the instance, with
 * BadEndpointException, one of Streams' CTIExceptions in src/api.js; the messages are the emulator's); what a busy or
 * refusing third party shows (its connection goes from 'connecting' to 'disconnected', nothing says why); that the
 * customer who hangs up during a consult or a conference leaves the agent with the third party (the case of
 * https://github.com/amazon-connect/amazon-connect-streams/issues/663, unanswered), and that a contact left with the agent
 * alone ends; that the customer stays on hold when the third party leaves a consult; that a toggle in a conference puts
 * the third party on hold; that a third party is not timed out while it rings; and the size of getEndpoints' pages (two
 * here, so that Streams' paging is exercised).
 */

/** connect.EndpointType (src/api.js). */
export const ENDPOINT_TYPES = ['phone_number', 'agent', 'queue'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

/** An Endpoint of the CTI service model, as the snapshot and getEndpoints carry it. */
export interface EndpointData {
  endpointARN: string | null;
  type: EndpointType;
  name: string | null;
  phoneNumber: string | null;
  agentLogin: null;
  queue: { queueARN: string; name: string } | null;
}

/** A quick connect of the emulated instance. */
export interface QuickConnect {
  readonly endpoint: EndpointData;
  /** What the CCP shows for it (the connection's quickConnectName). */
  readonly name: string;
}

/**
 * The number of the transfer target the emulator plays, a desk that rings until the Customer panel (or a test) makes it
 * answer, refuse or hang up, and that can be made busy. The quick connect 'Billing desk' dials it.
 */
export const TARGET_NUMBER = '+16505550199';
export const TARGET_QUICK_CONNECT = 'Billing desk';

/** The instance's quick connects, all assigned to the agent's basic queue, in the order the service lists them. */
export function quickConnects(instanceArn: string): QuickConnect[] {
  const arn = (id: string) => `${instanceArn}/transfer-destination/${id}`;
  const of = (name: string, endpoint: Omit<EndpointData, 'name' | 'agentLogin'>): QuickConnect => ({ name, endpoint: { ...endpoint, name, agentLogin: null } });
  return [
    of(TARGET_QUICK_CONNECT, { endpointARN: arn('0b5c1f3e-6f2a-4c1d-9e7b-3a2d1c0b9a81'), type: 'phone_number', phoneNumber: TARGET_NUMBER, queue: null }),
    of('Maria Garcia', { endpointARN: arn('4e8d2a17-93c5-4b6e-8f01-2c7a9d5e3b42'), type: 'agent', phoneNumber: null, queue: null }),
    of('Claims queue', {
      endpointARN: arn('9a3f6c21-58d4-47e0-b1c9-6d2e8f4a7c13'),
      type: 'queue',
      phoneNumber: null,
      queue: { queueARN: `${instanceArn}/queue/claims`, name: 'Claims' },
    }),
  ];
}

/** Country calling codes of the agent's dialable countries (configuration.dialableCountries, ISO codes). */
const CALLING_CODES: Readonly<Record<string, string>> = { us: '1', ca: '1', gb: '44', fr: '33', de: '49', es: '34', it: '39', au: '61', jp: '81' };

/** Transfer refusals: the type and message each reaches Streams with. */
export const TRANSFER_ERRORS = {
  /** Issue #572 quotes it for a conference Amazon Connect refuses. */
  cannotConference: { type: 'InvalidStateException', message: 'Cannot conference connections: Invalid contact state.' },
} as const;

export type Refusal = { readonly type: string; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Digits only, so that two spellings of a number compare equal. */
function digits(number: string): string {
  return number.replace(/\D/g, '');
}

/** What the model places for a createAdditionalConnection, or why Amazon Connect refuses it. */
export type Placement =
  | {
      readonly ok: true;
      readonly endpoint: EndpointData;
      /** The quick connect's name, null for a number typed in. */
      readonly quickConnectName: string | null;
      /** It rings at the emulator's target. */
      readonly toTarget: boolean;
      /** 'connected' at once (routed to an agent's or a queue's flow) rather than ringing. */
      readonly routedAtOnce: boolean;
    }
  | { readonly ok: false; readonly err: Refusal };

const E164 = /^\+[1-9][0-9]{5,14}$/;

/** Reads createAdditionalConnection's endpoint against the instance's quick connects and the agent's dialable countries. */
export function placementOf(raw: unknown, quick: readonly QuickConnect[], dialableCountries: readonly string[]): Placement {
  const refuse = (type: string, message: string): Placement => ({ ok: false, err: { type, message } });
  if (!isRecord(raw)) return refuse('InvalidParameterException', 'createAdditionalConnection: endpoint must be an endpoint object');
  const { type, endpointARN, phoneNumber } = raw;
  if (typeof type !== 'string' || !(ENDPOINT_TYPES as readonly string[]).includes(type)) {
    return refuse('InvalidParameterException', `createAdditionalConnection: endpoint.type must be one of ${ENDPOINT_TYPES.join(', ')}, got ${JSON.stringify(type) ?? 'undefined'}`);
  }
  const listed = typeof endpointARN === 'string' ? quick.find((qc) => qc.endpoint.endpointARN === endpointARN) : undefined;
  if (type !== 'phone_number') {
    if (!listed || listed.endpoint.type !== type) {
      return refuse('BadEndpointException', `createAdditionalConnection: ${JSON.stringify(endpointARN) ?? 'undefined'} is not a ${type} quick connect of this instance.`);
    }
    return { ok: true, endpoint: { ...listed.endpoint }, quickConnectName: listed.name, toTarget: false, routedAtOnce: true };
  }
  const number = listed ? listed.endpoint.phoneNumber : phoneNumber;
  if (typeof number !== 'string' || !E164.test(number)) {
    return refuse('BadEndpointException', `createAdditionalConnection: endpoint.phoneNumber must be E.164 (a "+" and 6 to 15 digits), got ${JSON.stringify(number) ?? 'undefined'}`);
  }
  const dialable = dialableCountries.some((country) => {
    const code = CALLING_CODES[country.toLowerCase()];
    return code !== undefined && number.startsWith(`+${code}`);
  });
  if (!dialable) return refuse('BadEndpointException', `The number ${number} is not in a country this agent may dial (${dialableCountries.join(', ')}).`);
  return {
    ok: true,
    endpoint: { endpointARN: listed?.endpoint.endpointARN ?? null, type: 'phone_number', name: listed?.name ?? null, phoneNumber: number, agentLogin: null, queue: null },
    quickConnectName: listed?.name ?? null,
    toTarget: digits(number) === digits(TARGET_NUMBER),
    routedAtOnce: false,
  };
}

/** The emulator's page size for getEndpoints (the service may return fewer than maxResults, with a nextToken). */
export const ENDPOINTS_PAGE_SIZE = 2;
const PAGE_TOKEN = /^endpoints-from-([0-9]{1,4})$/;

/** One page of getEndpoints for `queueARNs`, from `nextToken`, or why Amazon Connect refuses. */
export function endpointsPage(
  params: Record<string, unknown>,
  quick: readonly QuickConnect[],
  queuesWithQuickConnects: readonly string[],
): { readonly ok: true; readonly data: { endpoints: EndpointData[]; nextToken: string | null } } | { readonly ok: false; readonly err: Refusal } {
  const refuse = (type: string, message: string) => ({ ok: false as const, err: { type, message } });
  const { queueARNs, nextToken, maxResults } = params;
  if (!Array.isArray(queueARNs) || queueARNs.length === 0 || queueARNs.some((arn) => typeof arn !== 'string' || arn === '')) {
    return refuse('InvalidParameterException', 'getEndpoints: queueARNs must be a non-empty list of queue ARNs');
  }
  if (maxResults !== undefined && maxResults !== null && (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1)) {
    return refuse('InvalidParameterException', `getEndpoints: maxResults must be a positive whole number, got ${JSON.stringify(maxResults)}`);
  }
  let from = 0;
  if (nextToken !== undefined && nextToken !== null) {
    const match = typeof nextToken === 'string' ? PAGE_TOKEN.exec(nextToken) : null;
    if (!match) return refuse('PaginationException', `getEndpoints: ${JSON.stringify(nextToken)} is not a nextToken this service gave`);
    from = Number(match[1]);
  }
  const listed = (queueARNs as string[]).some((arn) => queuesWithQuickConnects.includes(arn)) ? quick : [];
  const size = Math.min(ENDPOINTS_PAGE_SIZE, typeof maxResults === 'number' ? maxResults : ENDPOINTS_PAGE_SIZE);
  const page = listed.slice(from, from + size);
  const next = from + size < listed.length ? `endpoints-from-${from + size}` : null;
  return { ok: true, data: { endpoints: page.map((qc) => ({ ...qc.endpoint, queue: qc.endpoint.queue ? { ...qc.endpoint.queue } : null })), nextToken: next } };
}
