/**
 * What the core tells the agent (the error line, a refused command), as a key of the call-messages catalog with its
 * parameters, so that the toolbar can show it in the agent's language: the catalog below is the English one, the
 * root of JET's translation bundle `resources/nls/callMessages` (de/ and ja/ beside it translate each key). Fusion's
 * failure results and the log take the English words (`inEnglish`).
 * Pure TypeScript, like the rest of the core.
 */

/** The English words of each message. `{name}` is a parameter; it is filled from the message's params. */
export const CALL_MESSAGES = {
  /** A message whose words come from elsewhere (the phone system's own, or a vendor handler's), shown as they are. */
  said: '{text}',

  // What failed, and why (vendorFailure.ts): "{lead}: {reason}".
  failedBecause: '{lead}: {reason}',
  reasonLinkDown: 'the link to {vendor} is down ({said}). Try again once it is back.',
  reasonTimeout: '{vendor} did not answer in time ({said}). Check the call before trying again.',
  reasonNotFound: '{vendor} no longer has this call ({said}).',
  reasonUnauthorized: '{vendor} did not accept your sign-in ({said}).',
  reasonNotSupported: '{vendor} cannot do that ({said}).',
  vendorGaveNoReason: '{vendor} gave no reason',

  // The leads: what the agent asked for that did not happen.
  couldNotAccept: 'Could not answer the call',
  couldNotReject: 'Could not decline the call',
  couldNotHangup: 'Could not hang up',
  couldNotHold: 'Could not put the call on hold',
  couldNotResume: 'Could not take the call off hold',
  couldNotMute: 'Could not mute',
  couldNotUnmute: 'Could not unmute',
  couldNotDigits: 'Could not send the digits',
  couldNotTransfer: 'Could not transfer the call',
  couldNotCompleteTransfer: 'Could not complete the transfer',
  couldNotConference: 'Could not start the conference',
  couldNotCancelTransfer: 'Could not cancel the transfer',
  couldNotListDestinations: 'Could not list the transfer destinations',
  couldNotFinishAfterCallWork: 'Could not finish after-call work',
  couldNotMakeAvailable: 'Could not make you available',
  couldNotMakeUnavailable: 'Could not make you unavailable',
  couldNotListReasons: 'Could not list the reasons for not being available',
  couldNotRestoreAvailable: 'You were available before the link to {vendor} came back, and the toolbar could not make you available again',
  couldNotRestoreUnavailable: 'You were unavailable before the link to {vendor} came back, and the toolbar could not make you unavailable again',
  offerTimedOutNotEnded: "Fusion's offer of the call from {number} timed out, and the call could not be ended",
  callNotPlaced: 'The call could not be placed',

  // A call request that cannot be made in the call's state (engagement.ts).
  callHasEnded: 'The call has already ended.',
  alreadyAnswered: 'The call is already answered: hang up instead.',
  finishTransferFirst: 'A transfer is under way: complete it, make it a conference, or cancel it first.',
  outgoingCannotBeAnswered: 'An outgoing call cannot be answered.',
  notAnsweredYet: 'The call is not answered yet.',
  noTransferUnderWay: 'No transfer is under way.',
  customerWaitsWhileConsulting: 'The customer waits while you consult: complete, conference or cancel the transfer.',
  customerHeldWhileConsulting: 'The customer is on hold while you consult.',
  transferAlreadyUnderWay: 'A transfer is already under way.',
  heldNoKeypad: 'The call is on hold: resume it before using the keypad.',
  heldNoTransfer: 'The call is on hold: resume it before transferring it.',
  targetNotAnswered: 'The transfer target has not answered yet: wait, or cancel the transfer.',
  conferenceNoHold: 'A conference cannot be put on hold from the toolbar.',
  alreadyConference: 'The call is already a conference.',
  alreadyConferenceLeave: 'The call is already a conference: hang up to leave it.',
  digitsCallNotConnected: 'The digits were not sent: the call is no longer connected.',

  // A request already under way on the call.
  busyAnswering: 'The call is busy: answering is under way.',
  busyDeclining: 'The call is busy: declining is under way.',
  busyHangingUp: 'The call is busy: hanging up is under way.',
  busyHolding: 'The call is busy: putting it on hold is under way.',
  busyResuming: 'The call is busy: taking it off hold is under way.',
  busyTransferring: 'The call is busy: a transfer is under way.',
  busyCompletingTransfer: 'The call is busy: completing the transfer is under way.',
  busyCancellingTransfer: 'The call is busy: cancelling the transfer is under way.',
  busyConferencing: 'The call is busy: joining the conference is under way.',

  // What the phone system cannot do at all.
  noVendor: 'No telephony vendor is configured.',
  cannotHold: '{vendor} cannot put calls on hold.',
  cannotMute: '{vendor} cannot mute you from the toolbar.',
  cannotSendDigits: '{vendor} cannot send keypad digits.',
  cannotTransfer: '{vendor} cannot transfer calls.',
  cannotConference: '{vendor} cannot hold conferences.',
  cannotDial: '{vendor} cannot place calls from the toolbar.',
  takesNoReason: '{vendor} takes no reason for not being available.',
  noSuchReason: '{vendor} has no reason "{reason}" for not taking calls.',

  // Input the toolbar cannot use.
  noSuchCall: 'There is no call {call}.',
  notATransferKind: '"{mode}" is not a kind of transfer.',
  transferWithoutDestination: 'A transfer was asked for without a destination.',
  reasonOnlyWhenUnavailable: 'A reason goes with not being available only.',
  notAReason: '"{reason}" is not a reason.',
  notAPhoneNumber: '"{number}" is not a phone number.',
  typeADigit: 'Type at least one digit.',
  tooManyDigits: 'Send at most {max} digits at a time.',
  notAKeypadKey: '"{key}" is not a keypad key: use 0-9, * and #, or a comma for a pause.',
  chooseTransferDestination: 'Choose where to transfer the call.',
  typeTransferNumber: 'Type the number or extension to transfer the call to.',
  notATransferNumber: '"{number}" is not a number to transfer to.',
  unusableDirectoryEntry: 'That transfer destination has no id and name the phone system could use.',

  // What happened on a call.
  partyRefused: '{party} refused the call. The customer is still on the call.',
  partyBusy: '{party} is busy. The customer is still on the call.',
  partyNoAnswer: '{party} did not answer. The customer is still on the call.',
  partyHungUp: '{party} hung up. The customer is still on the call.',
  partyFailed: '{party} could not be reached. The customer is still on the call.',
  partyDropped: '{party} was dropped. The customer is still on the call.',
  dialFailed: 'The call could not be placed: {reason}',
  dialFailedOddly: "The call could not be placed: {reason} (the phone system's report of it was odd: {oddity})",
  noReasonGiven: 'the phone system gave no reason',
  refusalOdd: "{message} ({vendor}'s refusal was odd: {oddity})",

  // The agent's identity and presence. Fusion shows a presence's name in English; the toolbar in the agent's language.
  presenceNoVendor: 'No telephony vendor configured',
  presenceConnecting: 'Connecting to the phone system',
  presenceAvailable: 'Available',
  presenceNotReady: 'Not ready',
  presenceNotReadyCode: 'Not ready ({code})',
  presenceLoggedOut: 'Logged out',
  presenceMissedCall: 'Missed call',
  presenceCallFailed: 'Call failed to connect',
  presenceCustomerUnreachable: 'Customer could not be reached',
  presenceError: 'Error',
  identityMismatch:
    'You cannot become available: Fusion has you signed in as {fusionAgent}, but you signed in to {vendor} as {vendorAgent}. Press Switch agent and sign in to {vendor} as {fusionAgent}.',

  // The links to Fusion and to the phone system.
  couldNotConnect: 'Could not connect to {vendor}: {detail}',
  unusableReport: 'The phone system sent a report the toolbar cannot use ({problem}); ignored.',
  fusionDidNotTake: 'Fusion did not take {what}: {detail}',
  fusionDidNotTakeState: 'Fusion did not take the agent state "{state}": {detail}',
  fusionDidNotTakeReadiness: "Fusion did not take the toolbar's readiness: {detail}",
  unknownCommand: 'The toolbar does not support the command "{command}".',
  unknownAgentCommand: 'The toolbar does not support the agent command "{command}".',
  commandWithoutName: 'Fusion sent a command without naming it.',
  agentCommandWithoutName: 'Fusion sent an agent command without naming it.',
  commandWithoutCall: 'The command "{command}" did not say which call it is for.',
  callIdTooLong: 'The command "{command}" named a call id of {length} characters; the toolbar takes at most {max}.',
  dialWithoutNumber: 'Fusion asked for a call without saying which number to dial.',
  dialCallIdTooLong: 'Fusion asked for a call to {number} under a call id of {length} characters; the toolbar takes at most {max}.',
  commandFailed: "The toolbar could not carry out Fusion's command: {detail}",

  // Amazon Connect (vendor/amazon/).
  amazonSignInElsewhere: 'Sign in to Amazon Connect at {url} in another tab of this browser; the toolbar connects once you are signed in.',
  amazonPopupBlocked:
    "Amazon Connect's sign-in window did not open: the browser may have blocked it. Allow pop-ups for {origin}, or sign in at {url} in another tab; the toolbar connects once you are signed in.",
  amazonSignedOut: "You are signed out of Amazon Connect. Sign in at {url} (or in the toolbar's Amazon Connect CCP section); the toolbar reconnects by itself.",
  amazonCcpNotAnswering:
    "The Amazon Connect CCP at {url} did not answer within {seconds} s. Check amazon.ccpUrl, that this toolbar's address ({origin}) is among the instance's approved origins, and that you are signed in.",
  amazonCcpNotLoaded:
    "The Amazon Connect CCP at {url} could not be loaded. Sign in to Amazon Connect, check amazon.ccpUrl and the instance's approved origins, then reload the toolbar.",
  amazonUnknownCallState: 'Amazon Connect reports call {call} in a state the toolbar does not know ("{state}"); it is shown as ringing. Use the CCP for it.',
  amazonCallWithoutCustomer: "Amazon Connect sent a call (contact {contact}) without its customer's connection; the toolbar cannot show it. Use the CCP for this call.",
  amazonCouldNotRelease: 'The customer left the call {number}, but Amazon Connect could not take you off it; hang up in the CCP.',
  amazonCouldNotReleaseBecause: 'The customer left the call {number}, but Amazon Connect could not take you off it ({detail}); hang up in the CCP.',
  amazonCouldNotClose: 'Amazon Connect could not close the call {number}; close it in the CCP.',
  amazonCouldNotCloseBecause: 'Amazon Connect could not close the call {number} ({detail}); close it in the CCP.',
  amazonCouldNotFollow: 'The toolbar could not follow {what} from Amazon Connect ({detail}).',
  // What the toolbar could not follow (amazonCouldNotFollow's {what}).
  amazonFollowCcpTimeout: 'a timeout of the CCP',
  amazonFollowCcpGaveUp: 'the CCP giving up loading',
  amazonFollowSignOut: 'a sign-out',
  amazonFollowFailedSignIn: 'a failed sign-in',
  amazonFollowClick: 'a click in the CCP',
  amazonFollowNewCall: 'a new call',
  amazonFollowAgent: "the agent's details",
  amazonFollowAgentUpdate: "an update of the agent's details",
  amazonFollowMute: 'a mute in the softphone',
  amazonFollowRinging: 'the ringing of the call with {number}',
  amazonFollowAnswer: 'the answer of the call with {number}',
  amazonFollowCallUpdate: 'an update of the call with {number}',
  amazonFollowCallEnd: 'the end of the call with {number}',
  amazonFollowCallRemoval: 'the removal of the call with {number}',

  // Amazon Connect's refusals (amazonErrors.ts), and each request of the handler's, put into them as {request}.
  amazonRefused: 'Amazon Connect could not {request}: {reason}',
  amazonRefusedNoReason: 'Amazon Connect could not {request}.',
  amazonNoAnswer: 'Amazon Connect did not answer within {seconds} s when asked to {request}.',
  amazonToAccept: 'accept the call',
  amazonToDecline: 'decline the call',
  amazonToHangUp: 'hang up',
  amazonToHold: 'put the call on hold',
  amazonToResume: 'take the call off hold',
  amazonToSendDigits: 'send the digits',
  amazonToCall: 'call {callee}',
  amazonToTransfer: 'transfer the call to {party}',
  amazonToHandOver: 'hand the call over to {party}',
  amazonToDrop: 'take {party} off the call',
  amazonToJoin: 'add {party} to the call',
  amazonToListQuickConnects: 'list your quick connects',
  amazonToTakeCustomerBack: 'take the customer off hold',
  amazonToChangeState: 'change your state to "{state}"',
  amazonToMute: 'mute the call',
  amazonToUnmute: 'unmute the call',
  amazonToFinishAfterCallWork: 'finish after-call work',
  // The handler's own refusals.
  amazonStreamsNotLoaded: 'The toolbar could not load Amazon Connect Streams ({detail}). Reload the toolbar.',
  amazonNoModuleLoader: 'the page has no module loader to load it with',
  amazonStreamsWithoutConnect: 'it loaded but did not define connect',
  amazonCcpNotStarted: 'The Amazon Connect CCP at {url} could not be started ({detail}). Reload the toolbar.',
  amazonNotInternational: 'Amazon Connect cannot dial "{number}": type it with + and the country code (amazon.defaultCountry is not set).',
  amazonImplausibleNumber: 'Amazon Connect cannot dial "{number}": it is not a phone number of a plausible length.',
  amazonImplausibleNumberIn: 'Amazon Connect cannot dial "{number}": it is not a phone number of a plausible length (numbers without a country code are taken as {country}).',
  amazonNumberWithExtension: 'Amazon Connect cannot dial the extension of "{number}" ({extension}): dial the number without it.',
  amazonNoSuchQuickConnect: '"{name}" is not among your quick connects now: choose another destination.',
  amazonMuteInCcp: 'Amazon Connect mutes only the call you connected to last: mute this call in the CCP.',
  amazonUnmuteInCcp: 'Amazon Connect unmutes only the call you connected to last: unmute this call in the CCP.',
  amazonSoftphoneDidNotMute: "Amazon Connect's softphone did not mute the call within {seconds} s: the CCP that holds the call's audio did not answer.",
  amazonSoftphoneDidNotUnmute: "Amazon Connect's softphone did not unmute the call within {seconds} s: the CCP that holds the call's audio did not answer.",
  amazonNoSuchState: 'Amazon Connect has no agent state "{state}", which {setting} names (it has {states}). Ask your administrator to correct {setting}.',
  amazonNoAvailableState: 'Amazon Connect offers you no state in which you are available. Ask your administrator.',
  amazonNoUnavailableState: 'Amazon Connect offers you no state in which you are unavailable. Ask your administrator.',
  amazonCustomerGone: 'The customer is no longer on the call.',
  amazonDialNotSeen: 'Amazon Connect took the call to {number}, but the call did not show up within {seconds} s. Check the CCP.',

  // Both vendors (vendor/handlerSupport.ts and the handlers).
  vendorAlreadyStarted: 'The toolbar is already connected, or connecting, to {vendor}.',
  vendorStoppedBeforeConnected: 'The toolbar stopped before it was connected to {vendor}.',
  vendorNotConnected: 'The toolbar is not connected to {vendor}.',
  vendorHasNoCall: '{vendor} does not know this call.',
  callIdInUse: 'There is already a call with the id {call}.',
  callNotRinging: 'The call is not ringing.',
  callNotConnected: 'The call is not connected.',
  callNotEndedYet: 'The call has not ended yet.',
  callStillBeingPlaced: 'The call is still being placed: try again in a moment.',
  noTransferDirectory: '{vendor} has no list of transfer destinations: type the number or extension.',

  // Genesys Engage (vendor/genesys/).
  genesysNotDialable: 'Genesys Engage cannot dial "{number}": use digits, an optional leading +, and spaces, dots, dashes or parentheses between them (at most {max} characters).',
  genesysNotSignedIn: 'You are not signed in to Genesys Engage: press Sign in.',
  genesysBridgeRefused: 'The Genesys bridge refused the request (HTTP {status}).',
  genesysBridgeNoAnswer: 'The Genesys bridge did not answer within {seconds} s.',
  genesysBridgeUnreachable: 'Could not reach the Genesys bridge at {origin} ({detail}).',
  genesysTokenRefused: 'Could not get a Genesys token from {url} (HTTP {status}).',
  genesysTokenMissing: 'The token service at {url} did not answer with a token.',
  genesysTokenServiceNoAnswer: 'The token service did not answer within {seconds} s.',
  genesysTokenServiceUnreachable: 'Could not reach the token service at {origin} ({detail}).',
  genesysBridgeGoingAway: 'the Genesys bridge is shutting down or restarting (close code 1001); reconnecting',
  genesysFellBehind: "the toolbar fell behind reading the Genesys bridge's events (close code 4002); reconnecting to catch up",
  genesysTooManySessions:
    'the Genesys bridge refused this session: you have as many sessions open as it allows (close code 4003). Close the toolbar in your other windows or tabs',
  genesysBridgeUnreachableAt: 'the Genesys bridge at {url} could not be reached or refused the connection',
  genesysSocketNotOpened: 'could not open {url}: {detail}',
  genesysSessionExpired: 'the session token expired',
  genesysSignInRefused: 'the Genesys bridge refused your sign-in: {reason} (close code 4004)',
  genesysCannotCheckSignIns: 'the Genesys bridge cannot check sign-ins now: {reason} (close code 4005); retrying',
  genesysIdentityProviderOutOfReach: 'its identity provider is out of reach',
  genesysBridgeClosed: 'the connection to the Genesys bridge closed (code {code})',
  genesysBridgeClosedBecause: 'the connection to the Genesys bridge closed (code {code}: {reason})',
  genesysNoSnapshot: 'the Genesys bridge sent no snapshot (EventRegistered) within {seconds} s',
  genesysCalleeBusy: '{number} is busy.',
  genesysNotCallable: '{number} is not a number that can be called ({state}).',
  genesysNotReached: '{number} could not be reached ({state}).',
  genesysUnusableFrame: 'The Genesys bridge sent a frame the toolbar cannot use ({problem}); it was ignored.',
  genesysTServerLinkDown: 'T-Server link down: calls cannot be controlled until it returns.',
  genesysLateCallHungUp: 'The call to {number} was placed after the toolbar had given up waiting for it; it has been hung up.',
  genesysLateCallNotHungUp: 'The call to {number} was placed after the toolbar had given up waiting for it, and could not be hung up ({detail}); end it on the phone.',
  genesysLeftoverNotHungUp: 'The customer left, and the call with {number} could not be hung up ({detail}); end it on the phone.',

  // Signing in (signin/): the line under the Sign in button. "Sign in" is the button's own word.
  signInBlocked: 'The browser blocked the sign-in window. Allow pop-ups for {origin}, then press Sign in again.',
  signInInWindow: 'Sign in in the window that opened.',
  signInFailed: 'Could not sign in: {detail}',
  signInTookTooLong: 'The sign-in took longer than {seconds} s. Press Sign in to try again.',
  signInWindowCutOff: 'The sign-in window was closed, or the sign-in pages cut it off from the toolbar. Finish signing in there, or press Sign in to start again.',
  signInIncomplete: 'The sign-in did not complete: {detail}',
  signInExpired: 'Your sign-in has expired. Press Sign in to sign in again.',
  signInEndsAt: 'Your sign-in ends at {time}. Press Sign in to stay connected.',
  signInNotRenewed: 'Could not renew your sign-in ({detail}). It ends at {time}: press Sign in to stay connected.',
  signInRefused: '{reason}. Press Sign in to sign in again.',
  signInWindowClosed: 'the sign-in window was closed',
  signInRenewedForOther: 'the sign-in was renewed for "{renewed}", not "{agent}"',
  signInNoAuthorizationEndpoint: '{issuer} publishes no authorization endpoint',
  signInNoAgentClaim: 'the ID token has no "{claim}" claim naming the agent (genesys.signIn.agentClaim)',
  signInNoLifetime: 'the access token has no lifetime (expires_in)',
  signInNoIdToken: 'the identity provider sent no ID token',
  signInProviderUnreachable: 'the identity provider at {issuer} could not be reached ({detail})',
  gwsSessionEnded: 'Your Genesys session ended: sign in again.',
  gwsSessionRenewing: 'Your Genesys session ended: renewing it…',
  gwsAnswerNotOurs: 'the answer is not for this sign-in (its state differs)',
  gwsRefusedSignIn: 'Genesys refused the sign-in ({error})',
  gwsNoCode: 'Genesys returned no code',
  gwsNoAgent: 'the Genesys bridge did not say who signed in',
  gwsBridgeSlow: 'the Genesys bridge did not answer within {seconds} s',
  gwsBridgeUnreachable: 'the Genesys bridge could not be reached ({detail})',
  gwsBridgeStatus: 'the Genesys bridge answered HTTP {status}',
  gwsBridgeNoToken: 'the Genesys bridge answered without a usable token',
} as const;

export type CallMessageKey = keyof typeof CALL_MESSAGES;

/** A catalog in one language: every key, in that language's words, with the same parameters as the English. */
export type CallMessageCatalog = Readonly<Record<CallMessageKey, string>>;

/** A parameter's value: words as given (a number, a vendor's name), or another message, translated in turn. */
export type MessageParam = string | number | AgentMessage;

export interface AgentMessage {
  readonly key: CallMessageKey;
  readonly params: Readonly<Record<string, MessageParam>>;
}

/** The message of `key` with `params`. */
export function say(key: CallMessageKey, params: Readonly<Record<string, MessageParam>> = {}): AgentMessage {
  return { key, params };
}

/** Words from elsewhere (a vendor's message), as a message that every language shows as they are. */
export function saidAs(text: string): AgentMessage {
  return say('said', { text });
}

/**
 * Fills a template's `{name}` parameters. A parameter the template names but the message lacks stays as `{name}`,
 * so a mistake shows in the words instead of vanishing; a parameter the template does not use is left out.
 */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? params[name] : whole));
}

/** The message in a catalog's language; a message given as a parameter is put in that language too. */
export function render(catalog: CallMessageCatalog, message: AgentMessage): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.params)) {
    params[name] = typeof value === 'object' ? render(catalog, value) : String(value);
  }
  return fill(catalog[message.key] ?? CALL_MESSAGES[message.key], params);
}

/** How deep a message may nest others as parameters ("{lead}: {reason}" is two). */
const MAX_NESTING = 4;

/**
 * What is wrong with a message a vendor reported (its key, its parameters), or null: reports come from outside the
 * core, and a bad one must be refused with a reason rather than shown as "undefined".
 */
export function agentMessageProblem(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null) return 'not a message';
  const { key, params } = value as Record<string, unknown>;
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(CALL_MESSAGES, key)) return `no message "${String(key).slice(0, 40)}"`;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return `message ${key} without its parameters`;
  // Every parameter the words name must be given: the agent would read "{url}" otherwise.
  const missing = [...CALL_MESSAGES[key as CallMessageKey].matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].find((m) => !Object.prototype.hasOwnProperty.call(params, m[1]));
  if (missing) return `message ${key} without its parameter ${missing[1]}`;
  // Words from elsewhere that say nothing would empty the error line rather than say what failed.
  const text = (params as Record<string, unknown>).text;
  if (key === 'said' && (typeof text !== 'string' || text.trim() === '')) return 'a message of no words';
  for (const [name, param] of Object.entries(params)) {
    if (typeof param === 'string' || (typeof param === 'number' && Number.isFinite(param))) continue;
    if (typeof param !== 'object' || param === null || depth + 1 >= MAX_NESTING) return `message ${key} with an odd parameter ${name}`;
    const inner = agentMessageProblem(param, depth + 1);
    if (inner !== null) return `message ${key}, parameter ${name}: ${inner}`;
  }
  return null;
}

/** The message in English: for Fusion's failure results and the log. */
export function inEnglish(message: AgentMessage): string {
  return render(CALL_MESSAGES, message);
}
