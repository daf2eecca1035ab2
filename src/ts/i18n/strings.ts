/**
 * The toolbar's own words in English: the root of JET's translation bundle `resources/nls/toolbarStrings`, which
 * de/ and ja/ beside that bundle translate (the compiler checks that each translates every key). `{name}` is a
 * parameter, filled by the translator (translator.ts). Keys ending in `_one`, `_other`… are the plural forms of one
 * phrase, picked with Intl.PluralRules: a language has `_other` and the categories its rules use (German `_one`
 * too; Japanese none). https://unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html
 * Names from elsewhere are never here: the vendor's, the phone system's agent states, directory entries, callers.
 */
export const TOOLBAR_STRINGS = {
  toolbarName: 'Media toolbar',
  starting: 'Starting…',
  couldNotStart: 'The toolbar could not start',
  configurationProblem: 'Configuration problem: {detail}',
  fusionUnreachable: 'Could not connect to Fusion: {detail}',
  toolbarStopped: 'The toolbar stopped: {detail}',
  partNotLoaded: 'Part of the toolbar could not load: {detail}. Reload the page; if this stays, tell your administrator.',
  noVendor: 'No telephony vendor configured',
  vendorLink: '{vendor}: {link}',
  linkConnecting: 'connecting…',
  linkConnected: 'connected',
  linkReconnecting: 'reconnecting…',
  linkDown: 'down',
  signedInAs: 'Signed in as {agent}',
  available: 'Available',
  switchOn: 'On',
  switchOff: 'Off',
  status: 'Status: {presence}',
  notAvailableBecause: 'Not available because…',
  notAvailableBecauseLegend: 'Not available because',
  phoneSignIn: 'Phone sign-in',
  phoneSignedIn: 'Phone sign-in: {agent}',
  phoneSigningIn: 'Phone sign-in: signing in…',
  phoneSignedOut: 'Phone sign-in: not signed in',
  signInToTakeCalls: 'Sign in to take calls.',
  signIn: 'Sign in',
  switchAgent: 'Switch agent',
  dismissMessage: 'Dismiss message',
  numberToCall: 'Number to call',
  call: 'Call',
  shortcutHelp: 'Keyboard shortcuts: Alt+Shift+A answers, Alt+Shift+D declines, Alt+Shift+H hangs up.',
  calls: 'Calls',
  noCalls: 'No calls',
  callTime: 'Call',
  timeInState: 'In state',
  stateRinging: 'Incoming call',
  stateDialing: 'Calling…',
  stateConnected: 'Connected',
  stateHeld: 'On hold',
  stateWrapup: 'Wrap-up',
  stateEnded: 'Ended',
  stateConsulting: 'Consulting',
  stateConference: 'Conference',
  cardLabel: '{state}: {caller}',
  inbound: 'Inbound',
  outbound: 'Outbound',
  transferredHere: 'Transferred',
  transferredHereFrom: 'Transferred from {from}',
  blockedLinkDown: "The link to {vendor} is down: the call's buttons come back with it.",
  blockedConnecting: "Connecting to {vendor}: the call's buttons wait for the link.",
  hold: 'Hold',
  resume: 'Resume',
  mute: 'Mute',
  keypad: 'Keypad',
  keypadLabel: 'Keypad: press a key, or type 0-9, * and #',
  keypadSent: 'Sent:',
  keyStar: 'star',
  keyPound: 'pound',
  transfer: 'Transfer',
  transferFormLabel: 'Transfer the call from {caller}',
  transferTo: 'Transfer to',
  numberOrExtension: 'Number or extension',
  pickFromDirectory: 'Or pick from the directory',
  consultFirst: 'Consult first',
  transferNow: 'Transfer now',
  accept: 'Accept',
  decline: 'Decline',
  completeTransfer: 'Complete transfer',
  conference: 'Conference',
  cancelTransfer: 'Cancel transfer',
  hangUp: 'Hang up',
  finishWrapup: 'Finish wrap-up',
  partyRinging: '{party}: ringing',
  partyTalking: '{party}: talking with you; the customer is on hold',
  partyConferenced: '{party}: in a conference with you and the customer',
  callingParty: 'Calling {party}',
  recentCalls: 'Recent calls',
  callBack: 'Call back',
  callBackLabel: 'Call back {caller}',
  recentDetail: '{direction} · {outcome} · {time}',
  outcomeTalked: 'Talked',
  outcomeTalkedFor: 'Talked {duration}',
  outcomeTransferred: 'Transferred',
  outcomeTransferredAfter: 'Transferred after {duration}',
  outcomeTransferredTo: 'Transferred to {target}',
  outcomeTransferredToAfter: 'Transferred to {target} after {duration}',
  outcomeDeclined: 'Declined',
  outcomeMissed: 'Missed',
  outcomeCancelled: 'Cancelled',
  outcomeNotReached: 'Not reached',
  announceIncoming_one: 'Incoming call from {callers}',
  announceIncoming_other: 'Incoming calls from {callers}',
  announceHeld: 'On hold: {caller}',
  announceResumed: 'Resumed: {caller}',
  announceMuted: 'Muted: {caller}',
  announceUnmuted: 'Microphone on: {caller}',
  /** Two announcements made at once, as two sentences. */
  announceThen: '{first}. {then}',
  noCallToHangUp: 'No call to hang up',
  noCallRinging: 'No call is ringing',
  ringing: 'Ringing',
  ringAloud: 'Ring aloud when a call rings',
  notifyWhenHidden: 'Notify me when a call rings while this page is hidden',
  notificationTitle: 'Incoming call',
  noNotifications: 'This browser has no notifications.',
  notificationsRefused: 'The browser did not allow notifications from the toolbar (a frame inside Fusion may not ask for them).',
  ringtoneHeldBack: 'The browser holds the ringtone back until you click or type in the toolbar once.',
} as const;

export type ToolbarStringKey = keyof typeof TOOLBAR_STRINGS;

/** The categories of Intl.PluralRules. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** A phrase with plural forms: the key without its `_other`. */
export type PluralKey = { [K in ToolbarStringKey]: K extends `${infer Base}_other` ? Base : never }[ToolbarStringKey];

type PluralFormKey = `${PluralKey}_${PluralCategory}`;

/**
 * The toolbar's words in one language, whose plural rules use the categories `C` besides `other`: every key but the
 * plural forms, and each plural phrase's `_other` and `_C` forms (no more: a form the language never uses is an error).
 */
export type ToolbarStrings<C extends Exclude<PluralCategory, 'other'> = never> = Readonly<
  Record<Exclude<ToolbarStringKey, PluralFormKey>, string> & Record<`${PluralKey}_other` | `${PluralKey}_${C}`, string>
>;

/** English uses `one` and `other`; this line checks the English words against the type the translations meet. */
export const ENGLISH: ToolbarStrings<'one'> = TOOLBAR_STRINGS;
