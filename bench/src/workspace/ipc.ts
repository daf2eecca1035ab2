/**
 * The messages between the workspace step's orchestrator (workspaceScale.ts) and its agents' process
 * (workspaceClients.ts), over Node's IPC channel (child_process.fork).
 */
import type { Connected } from '../bridge/ipc';

export interface AgentsSetup {
  /** The bridge (ws:// or http://) and the fake GWS (http://, its /auth/v3 and /fake-gws/control). */
  readonly bridgeUrl: string;
  readonly gwsUrl: string;
  readonly agents: number;
  /** The origin the toolbars present (secure mode checks it). */
  readonly origin: string;
  /** The fake GWS's OAuth client with the password grant, through which each agent gets their GWS access token. */
  readonly clientId: string;
  readonly clientSecret: string;
}

export type ToAgents =
  /** Sign `agents` in at the fake GWS (agent i is `agent${i}`), open a bridge session each and make each Ready. */
  | ({ readonly kind: 'connect' } & AgentsSetup)
  /** Place calls at the Ready agents with no call, `callsPerSecond`, each hung up by the caller `holdMs` after the answer. */
  | { readonly kind: 'traffic'; readonly callsPerSecond: number; readonly holdMs: number }
  /** Start a measured window: samples before it are dropped. */
  | { readonly kind: 'measure' }
  /** End the window: its samples. */
  | { readonly kind: 'report' }
  /** Stop placing calls; answered once every call placed has ended (or `timeoutMs` passed). */
  | { readonly kind: 'stop'; readonly timeoutMs: number }
  | { readonly kind: 'tally' }
  | { readonly kind: 'close' };

export interface AgentsWindow {
  readonly kind: 'report';
  readonly windowMs: number;
  /** Call events (EventRinging, EventEstablished, EventReleased, …) the sessions received in the window. */
  readonly callEvents: number;
  /** Calls placed in the window. */
  readonly callsPlaced: number;
  /** The control API's call placed (request sent) → EventRinging at the agent's session. */
  readonly ringLatencies: number[];
  /** Accept sent → its EventEstablished at the session. */
  readonly answerLatencies: number[];
}

export interface AgentsTally {
  readonly kind: 'tally';
  /** Sessions open, and of them the agents Ready or on a call. */
  readonly sessionsOpen: number;
  readonly placed: number;
  readonly rung: number;
  readonly established: number;
  readonly ended: number;
  /** Calls due while every Ready agent had a call (the rate × the call's length exceeds the agents). */
  readonly noFreeAgent: number;
  readonly errors: {
    readonly connectFailed: number;
    readonly closedUnexpectedly: number;
    readonly eventErrors: number;
    /** EventLinkDisconnected: an agent's link to GWS broke (their notifications, or the voice service). */
    readonly linkDropped: number;
    /** The fake's control API refused or failed to place or hang up a call. */
    readonly controlFailed: number;
    /** Calls placed that did not ring, get answered and end by the caller. */
    readonly unfinishedCalls: number;
  };
  readonly samples: string[];
}

export type FromAgents =
  | Connected
  | { readonly kind: 'trafficStarted' }
  | AgentsWindow
  | { readonly kind: 'stopped'; readonly active: number }
  | AgentsTally
  | { readonly kind: 'closed' };
