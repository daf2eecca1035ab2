/**
 * The Amazon side of the vendor contract: the real AmazonVendorHandler on the real Streams library, whose real
 * initCCP frames the CCP; behind the frame, the CCP emulator's model and endpoint (dev/ccp/) play Amazon Connect,
 * the customer, the callee, the transfer target, another agent who transfers a call here, and the agent's own CCP
 * (test/support/streams/ccpFrame.ts).
 */
import 'amazon-connect-streams';
import { CcpModel, QUICK_CONNECTS } from '../../dev/ccp/ccpModel';
import { TARGET_QUICK_CONNECT } from '../../dev/ccp/ccpTransfers';
import { AmazonVendorHandler } from '../../src/ts/cti/vendor/amazon/amazonVendorHandler';
import { parseAmazonOptions, type AmazonOptions } from '../../src/ts/cti/vendor/amazon/amazonOptions';
import type { EventId } from '../../src/ts/cti/core/types';
import { CCP_URL, CcpFrame, emulateCcpIn } from '../support/streams/ccpFrame';
import type { VendorDriver } from './vendorDriver';

/** The emulator's ring timeout in contract checks: long enough for any other check to finish with its call ringing. */
export const CONTRACT_RING_TIMEOUT_MS = 2500;

connect.getLog().setEchoLevel(connect.LogLevel.CRITICAL);

export function amazonTestOptions(section: Readonly<Record<string, unknown>> = {}): AmazonOptions {
  const parsed = parseAmazonOptions({ ccpUrl: CCP_URL, loginPopup: false, startTimeoutMs: 3000, requestTimeoutMs: 3000, ...section });
  if (!parsed.ok) throw new Error(`Bad handler options: ${parsed.errors.join('; ')}`);
  return parsed.options;
}

export interface AmazonDriver extends VendorDriver {
  readonly handler: AmazonVendorHandler;
  readonly model: CcpModel;
  readonly frame: CcpFrame;
}

/** The Amazon Connect API request behind each verb the phone system may be made to refuse (what Streams sends for it). */
const REQUEST_BEHIND: Readonly<Record<Parameters<VendorDriver['refuseNext']>[0], string>> = { acceptCall: 'acceptContact', hangupCall: 'destroyConnection' };

export interface AmazonDriverOptions {
  /** The handler's configuration section, over the test defaults. */
  readonly handler?: Readonly<Record<string, unknown>>;
  /** The CCP acknowledges (the agent is signed in); false plays a CCP that never answers. */
  readonly acknowledge?: boolean;
  readonly ringTimeoutMs?: number | null;
  readonly initialState?: string;
  /** The emulated CCP broadcasts a Reject as Streams' click-stream data first (off by default: see dev/ccp/ccpModel.ts). */
  readonly rejectBroadcastsClick?: boolean;
  /** The handler's clock (ms); default Date.now. */
  readonly clock?: () => number;
}

export function amazonDriver(options: AmazonDriverOptions = {}): AmazonDriver {
  const model = new CcpModel({
    ringTimeoutMs: options.ringTimeoutMs === undefined ? CONTRACT_RING_TIMEOUT_MS : options.ringTimeoutMs,
    dialTimeoutMs: null,
    rejectBroadcastsClick: options.rejectBroadcastsClick ?? false,
    ...(options.initialState ? { initialState: options.initialState } : {}),
  });
  const container = document.createElement('div');
  document.body.appendChild(container);
  const frame = emulateCcpIn(container, model, { acknowledge: options.acknowledge ?? true });
  const handler = new AmazonVendorHandler(amazonTestOptions(options.handler), () => container, () => Promise.resolve(connect), options.clock);

  /** The model's contact behind an eventId: the contactId itself, or the call the toolbar placed (one at a time). */
  const contactOf = (eventId: EventId): string => {
    const contacts = model.contacts();
    if (contacts.some((contact) => contact.contactId === eventId)) return eventId;
    const placed = contacts.filter((contact) => contact.direction === 'outbound');
    if (placed.length !== 1) throw new Error(`The emulator has no call ${eventId} (and ${placed.length} outbound calls).`);
    return placed[0].contactId;
  };

  const viewOf = (eventId: EventId) => {
    const contactId = contactOf(eventId);
    const view = model.contacts().find((contact) => contact.contactId === contactId);
    if (!view) throw new Error(`The emulator has no call ${eventId}.`);
    return view;
  };

  /**
   * The call at the transfer target (the quick connect 'Billing desk'): a consult ringing or talking there, or a call
   * the agent left to it; one at a time, as the target is busy while it has one.
   */
  const targetsCall = () => {
    const consult = model.contacts().find((c) => (c.state === 'connecting' || c.state === 'connected') && c.thirdParty?.toTarget && ['connecting', 'connected', 'hold'].includes(c.thirdParty.state));
    if (consult?.thirdParty) {
      const { state } = consult.thirdParty;
      return { id: consult.contactId, ringing: state === 'connecting', withCustomer: state === 'connected' && consult.customerLeg === 'connected', withAgent: state === 'connected' && consult.agentLeg === 'connected' };
    }
    const transferred = model.transferredCalls().find((t) => t.toTarget);
    if (transferred) return { id: transferred.contactId, ringing: transferred.state === 'ringing', withCustomer: transferred.state === 'talking', withAgent: false };
    return null;
  };
  const targetsCallId = (): string => {
    const call = targetsCall();
    if (!call) throw new Error('Nothing rings or talks at the transfer target.');
    return call.id;
  };
  const target = QUICK_CONNECTS.find((qc) => qc.name === TARGET_QUICK_CONNECT);
  if (!target?.endpoint.endpointARN) throw new Error(`The emulator lists no quick connect ${TARGET_QUICK_CONNECT}.`);

  const ringTimeoutMs = options.ringTimeoutMs === undefined ? CONTRACT_RING_TIMEOUT_MS : options.ringTimeoutMs;
  const driver: AmazonDriver = {
    handler,
    model,
    frame,
    customerCalls: async (phoneNumber) => model.customerCalls(phoneNumber),
    customerHangsUp: async (eventId) => model.customerHangsUp(contactOf(eventId)),
    phoneAnswers: async (eventId) => model.agentAnswers(contactOf(eventId)),
    phoneHangsUp: async (eventId) => model.agentHangsUp(contactOf(eventId)),
    calleeAnswers: async (eventId) => model.calleeAnswers(contactOf(eventId)),
    calleeRefuses: async (eventId) => model.calleeBusy(contactOf(eventId)),
    // The customer's connection on hold, as Amazon Connect shows it; the agent's Hold and Resume in the CCP.
    callHeld: async (eventId) => viewOf(eventId).customerLeg === 'hold',
    phoneHolds: async (eventId) => model.agentHolds(contactOf(eventId)),
    phoneResumes: async (eventId) => model.agentResumes(contactOf(eventId)),
    // The CCP's softphone's mute of the call; the digits its customer heard.
    callMuted: async (eventId) => viewOf(eventId).muted,
    digitsReceived: async (eventId) => viewOf(eventId).digitsHeard,
    // The target is the quick connect 'Billing desk', a desk phone that rings until it answers; Amazon Connect will not
    // dial a number outside the agent's dialable countries (dev/ccp/ccpTransfers.ts).
    transferTarget: {
      destination: { kind: 'directory', id: target.endpoint.endpointARN, name: TARGET_QUICK_CONNECT },
      reportedAs: TARGET_QUICK_CONNECT,
      unroutable: { kind: 'number', phoneNumber: '+81 3 1234 5678' },
    },
    targetCall: async () => {
      const call = targetsCall();
      if (!call) return { state: 'none', withCustomer: false, withAgent: false };
      return { state: call.ringing ? 'ringing' : 'talking', withCustomer: !call.ringing && call.withCustomer, withAgent: !call.ringing && call.withAgent };
    },
    targetAnswers: async () => model.targetAnswers(targetsCallId()),
    targetRefuses: async () => model.targetRefuses(targetsCallId()),
    targetHangsUp: async () => model.targetHangsUp(targetsCallId()),
    callTransferredIn: async (phoneNumber) => model.transferToAgent(phoneNumber),
    // A contact still up with the agent's connection on it; one in after-contact work is no call.
    agentHasCalls: async () => model.contacts().some((c) => (c.state === 'connecting' || c.state === 'connected') && c.agentLeg !== 'disconnected'),
    // Amazon Connect refuses a request on a call it has as it refuses one on a contact no longer in the right state.
    refuseNext: (verb) =>
      model.failNext(REQUEST_BEHIND[verb], { type: 'InvalidStateException', message: `Amazon Connect refuses this ${REQUEST_BEHIND[verb]} (the contract's refusal).` }),
    agentState: async () => {
      const type = model.agentStateType();
      return type === 'routable' ? 'available' : type === 'not_routable' || type === 'offline' ? 'unavailable' : model.agentStateName();
    },
    dispose: async () => {
      model.dispose();
      frame.dispose();
    },
  };
  if (ringTimeoutMs !== null) {
    // Amazon Connect's own timer ends the ring: wait until the emulator no longer shows the call ringing.
    driver.ringTimesOut = async (eventId) => {
      const contactId = contactOf(eventId);
      const deadline = Date.now() + ringTimeoutMs + 2000;
      while (model.contacts().some((contact) => contact.contactId === contactId && contact.state === 'connecting')) {
        if (Date.now() > deadline) throw new Error(`Waited ${ringTimeoutMs + 2000} ms for the ring timeout of call ${eventId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
  }
  return driver;
}
