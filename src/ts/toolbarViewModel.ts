/**
 * The toolbar's view model: a thin view over the engagement core's snapshots.
 * It asks the core for actions and shows what the core reports; it holds no call state of its own.
 * Its fields are observables (./observable.ts): the view reads them inside a watch and redraws when they change.
 */
import type * as PhoneNumbers from 'libphonenumber-js';
import type { IntegrationEventsHandler } from './cti/core/integrationEventsHandler';
import type { EngagementView, ToolbarSnapshot } from './cti/core/toolbarSnapshot';
import type { CallOutcome, RecentCall } from './cti/core/recentCalls';
import type { CallAction, CallControlRequest, CommandResult, DirectoryEntry, LinkStatus, NotReadyReason } from './cti/core/types';
import { TransferPanel } from './transferPanel';
import { PHONE_NUMBER } from './cti/core/transferDestination';
import type { RingAlert } from './ringAlert';
import type { SignInControl, SignInState } from './cti/signin/tokenSignIn';
import { type AgentMessage, inEnglish, say } from './cti/core/agentMessages';
import { type Translator, englishTranslator } from './i18n/translator';
import type { ToolbarStringKey } from './i18n/strings';
import { type Computed, type Observable, batch, computed, observable } from './observable';

const STATE_LABELS: Record<EngagementView['state'], ToolbarStringKey & `state${string}`> = {
  ringing: 'stateRinging',
  dialing: 'stateDialing',
  connected: 'stateConnected',
  held: 'stateHeld',
  wrapup: 'stateWrapup',
  ended: 'stateEnded',
};

const LINK_LABELS: Record<LinkStatus, ToolbarStringKey & `link${string}`> = {
  connecting: 'linkConnecting',
  connected: 'linkConnected',
  reconnecting: 'linkReconnecting',
  down: 'linkDown',
};

/** Why the toolbar could not start, said before the detail (which is the configuration's or the browser's own). */
export type StartupProblem = 'configurationProblem' | 'fusionUnreachable' | 'toolbarStopped' | 'partNotLoaded';

/** How long an announcement stays in the live region before it is cleared, so the next one is always a change. */
export const ANNOUNCEMENT_MS = 5000;

/** libphonenumber-js's reader once it has loaded (loadNumberFormatting), else null. */
let parsePhoneNumber: typeof PhoneNumbers.parsePhoneNumberFromString | null = null;
let numberFormattingLoad: Promise<void> | null = null;
/**
 * Bumped when libphonenumber-js has loaded. formatNumber reads it, so the computeds that show numbers (a card's
 * title and subtitle) show them again, formatted, and the view redraws the recent calls.
 */
export const numberFormattingLoaded = observable(0);

/** After a failed load, how long numbers stay as given before a number asks for libphonenumber-js again. */
export const NUMBER_FORMATTING_RETRY_MS = 30_000;
let numberFormattingFailedAt: number | null = null;

/**
 * Loads libphonenumber-js (176 KB, which a toolbar that shows no international number never needs) once; formatNumber
 * asks for it at the first international number. A failed load is logged and numbers stay as given; a number asks
 * again once NUMBER_FORMATTING_RETRY_MS have passed, so that a network that came back is used without a fetch per
 * redraw meanwhile.
 */
export function loadNumberFormatting(now: () => number = Date.now): Promise<void> {
  if (numberFormattingLoad) return numberFormattingLoad;
  if (numberFormattingFailedAt !== null && now() - numberFormattingFailedAt < NUMBER_FORMATTING_RETRY_MS) return Promise.resolve();
  numberFormattingLoad = import('libphonenumber-js').then(
    (library) => {
      numberFormattingFailedAt = null;
      parsePhoneNumber = library.parsePhoneNumberFromString;
      numberFormattingLoaded(numberFormattingLoaded.peek() + 1);
    },
    (err: unknown) => {
      numberFormattingLoad = null;
      if (numberFormattingFailedAt === null) console.warn('[toolbar] numbers are shown as given: libphonenumber-js did not load', err);
      numberFormattingFailedAt = now();
      // RequireJS keeps a module that failed and fails it again at once; forgotten, it is fetched again next time.
      (globalThis as { requirejs?: { undef?: (id: string) => void } }).requirejs?.undef?.('libphonenumber-js');
    },
  );
  return numberFormattingLoad;
}

/** Whether formatNumber would format this number once libphonenumber-js has loaded, and it has not yet. */
export function numberAwaitsFormatting(raw: string): boolean {
  return parsePhoneNumber === null && raw.trim().startsWith('+');
}

/**
 * A number as people read it: an international number grouped by its country's rules ("+1 650 555 0100"); anything
 * else (a national number, an extension, a DN) as the phone system gave it, since its country is not known. Until
 * libphonenumber-js has loaded (the first international number starts it), a number shows as given.
 */
export function formatNumber(raw: string): string {
  if (!raw.trim().startsWith('+')) return raw;
  numberFormattingLoaded(); // a computed that calls this runs again once the library has loaded
  if (parsePhoneNumber === null) {
    void loadNumberFormatting();
    return raw;
  }
  const number = parsePhoneNumber(raw.trim());
  return number?.isValid() ? number.formatInternational() : raw;
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Why the call buttons cannot work while the link to the vendor is not up, or '' when they can. Finish wrap-up is
 * among them: it asks the vendor to complete the after-call work, which cannot reach it either.
 */
export function blockedReasonFor(snapshot: Pick<ToolbarSnapshot, 'vendorName' | 'link'>, text: Translator = englishTranslator()): string {
  const vendor = snapshot.vendorName;
  if (vendor === null || snapshot.link === 'connected') return '';
  return text.say(snapshot.link === 'down' ? 'blockedLinkDown' : 'blockedConnecting', { vendor });
}

/** Where keyboard focus goes when the control that held it went away with a change of the calls. */
export type FocusTarget = { readonly card: string } | { readonly place: 'dial' | 'calls' };

/**
 * The control that held focus was on the card of `lastCardId` and is gone (Accept turned into Hang up, the call
 * went to wrap-up or ended): the same card's actions when the call is still there, else the first call's, else the
 * dial field, else the list of calls. Focus never falls to the page's body (WCAG 2.4.3, focus order).
 */
export function focusTargetAfter(lastCardId: string, cardIds: readonly string[], canDial: boolean): FocusTarget {
  if (cardIds.includes(lastCardId)) return { card: lastCardId };
  if (cardIds.length > 0) return { card: cardIds[0] };
  return { place: canDial ? 'dial' : 'calls' };
}

/** How a recent call ended, in the agent's words; a talked call says for how long (m:ss, digits in every language). */
export function recentCallDetail(call: RecentCall, text: Translator = englishTranslator()): string {
  // A call the vendor reported ended while connected, without a connect before, was talked for an unknown time.
  const duration = call.talkedMs === null ? null : formatElapsed(call.talkedMs);
  const target = call.transferredTo;
  const outcome: Record<CallOutcome, () => string> = {
    talked: () => (duration === null ? text.say('outcomeTalked') : text.say('outcomeTalkedFor', { duration })),
    transferred: () =>
      target
        ? duration === null
          ? text.say('outcomeTransferredTo', { target })
          : text.say('outcomeTransferredToAfter', { target, duration })
        : duration === null
          ? text.say('outcomeTransferred')
          : text.say('outcomeTransferredAfter', { duration }),
    declined: () => text.say('outcomeDeclined'),
    missed: () => text.say('outcomeMissed'),
    cancelled: () => text.say('outcomeCancelled'),
    notReached: () => text.say('outcomeNotReached'),
  };
  return text.say('recentDetail', {
    direction: text.say(call.direction === 'inbound' ? 'inbound' : 'outbound'),
    outcome: outcome[call.outcome](),
    time: text.timeOfDay(call.startedAt),
  });
}

/** One line of the recent calls: who, how it went, and Call back while the phone system can place calls. */
export interface RecentCallItem {
  readonly eventId: string;
  readonly outcome: CallOutcome;
  readonly title: string;
  readonly detail: string;
  readonly canCallBack: boolean;
  /** Names whom Call back calls, for screen readers (the button's own label is the same on every line). */
  readonly callBackLabel: string;
  readonly callBack: () => void;
}

/** The keypad's keys, in a phone's order (ITU-T E.161). */
export const KEYPAD_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** What a card asks of the toolbar: an action on its call, or a control of it. */
export type CardRequest = CallAction | 'finishWrapup' | CallControlRequest;

/** One call's card. It lives as long as the call, so its buttons keep keyboard focus while the call changes. */
export class EngagementCard {
  private static cardsMade = 0;
  /** Who is on the call, as the last update said: the title and subtitle are made from it. */
  private readonly caller = observable<{ readonly phoneNumber: string; readonly contactName?: string; readonly besides: string | null }>({
    phoneNumber: '',
    besides: null,
  });
  /** The caller's name, else their number (formatted once libphonenumber-js has loaded). */
  readonly title = computed(() => {
    const { contactName, phoneNumber } = this.caller();
    return contactName ?? formatNumber(phoneNumber);
  });
  /** The number under a name, and where the call came from or which way it goes. */
  readonly subtitle = computed(() => {
    const { contactName, phoneNumber, besides } = this.caller();
    return [contactName ? formatNumber(phoneNumber) : null, besides].filter((part) => part !== null).join(' · ');
  });
  /** The call's state, for the card's look (data-state): each state looks different at a glance. */
  readonly state = observable<EngagementView['state']>('ringing');
  readonly stateLabel = observable('');
  readonly canAnswer = observable(false);
  readonly canDecline = observable(false);
  readonly canHangUp = observable(false);
  readonly canFinishWrapup = observable(false);
  /**
   * Hold while connected, Resume while held, where the vendor offers hold: one button whose label says what it does
   * next, so that keyboard focus stays on it as the call goes on and off hold.
   */
  readonly holdAction = observable<'hold' | 'resume' | null>(null);
  readonly showHold = computed(() => this.holdAction() !== null);
  readonly holdLabel = computed(() => this.text.say(this.holdAction() === 'resume' ? 'resume' : 'hold'));
  /** The Mute toggle, where the vendor offers mute, on a talked call; pressed while the vendor says muted. */
  readonly canMute = observable(false);
  readonly muted = observable(false);
  /** The agent's press of Mute while the vendor has not reported it yet (null: none waits). */
  private readonly mutePressed = observable<boolean | null>(null);
  /**
   * What the toggle shows: the press while it waits, else what the vendor reports. The view draws it on every redraw
   * (each second, with the clocks), so it must not fall back to the old state before the vendor answers.
   */
  readonly muteShown = computed(() => this.mutePressed() ?? this.muted());
  /** The Keypad toggle, where the vendor offers digits, on a connected call; the keys show while it is pressed. */
  readonly canUseKeypad = observable(false);
  readonly keypadOpen = observable(false);
  readonly showKeypad = computed(() => this.canUseKeypad() && this.keypadOpen());
  /** The digits sent on this call so far, as the agent pressed them (the far side's tones). */
  readonly digitsSent = observable('');
  readonly keys = KEYPAD_KEYS;
  readonly keypadId: string;
  /** Transfer, consult and conference, where the vendor offers them. */
  readonly transfer: TransferPanel;
  /** Why Accept, Decline, Hang up and Finish wrap-up cannot work now (the link is down or reconnecting); empty when they can. */
  readonly blockedReason = observable('');
  readonly blocked = computed(() => this.blockedReason() !== '');
  /** The reason's element, which the blocked buttons name as their description. */
  readonly reasonId: string;
  readonly groupLabel = computed(() => this.text.say('cardLabel', { state: this.stateLabel(), caller: this.title() }));
  /** The transfer form's name: whose call it sends on. */
  readonly transferFormLabel = computed(() => this.text.say('transferFormLabel', { caller: this.title() }));
  /** The whole call's time is worth its own line once the call has left its first state. */
  readonly showCallTime = computed(() => this.state() !== 'ringing' && this.state() !== 'dialing');
  /** Time in the current state: it starts again at each state change. */
  readonly elapsed: Computed<string>;
  /** The call's whole length, from its first ring or dial until it left connected (wrap-up is not the call). */
  readonly callTime: Computed<string>;
  private readonly stateSince = observable(0);
  private readonly startedAt = observable(0);
  /** When the call left connected (it went to wrap-up or ended), or null while it goes on. */
  private readonly callEndedAt = observable<number | null>(null);

  constructor(
    readonly eventId: string,
    now: Computed<number>,
    private readonly act: (eventId: string, request: CardRequest) => Promise<CommandResult | null>,
    directory: () => Promise<readonly DirectoryEntry[]> = async () => [],
    private readonly text: Translator = englishTranslator(),
  ) {
    const n = EngagementCard.cardsMade++;
    this.reasonId = `call-blocked-${n}`;
    this.keypadId = `call-keypad-${n}`;
    this.transfer = new TransferPanel(String(n), { act: (request) => this.act(this.eventId, request), directory }, text);
    this.elapsed = computed(() => formatElapsed(now() - this.stateSince()));
    this.callTime = computed(() => formatElapsed((this.callEndedAt() ?? now()) - this.startedAt()));
  }

  /**
   * Shows the call as the core reports it; returns what a screen reader should hear of the change (a hold, a resume,
   * mute on or off), or null.
   */
  update(view: EngagementView, controls: ToolbarSnapshot['controls'], blockedReason = ''): string | null {
    const before = { state: this.state(), muted: this.muted(), known: this.stateLabel() !== '' };
    this.blockedReason(blockedReason);
    const text = this.text;
    const transferred = view.transfer ? (view.transfer.from ? text.say('transferredHereFrom', { from: view.transfer.from }) : text.say('transferredHere')) : null;
    const direction = text.say(view.direction === 'inbound' ? 'inbound' : 'outbound');
    this.caller({ phoneNumber: view.phoneNumber, contactName: view.contactName, besides: transferred ?? (view.contactName ? null : direction) });
    this.state(view.state);
    // While a consult goes on, the customer waits: the card says so, and only the consult's own buttons act.
    const consulting = view.thirdParty !== null && view.thirdParty.state !== 'conferenced';
    const conference = view.thirdParty?.state === 'conferenced';
    this.stateLabel(text.say(consulting ? 'stateConsulting' : conference ? 'stateConference' : STATE_LABELS[view.state]));
    this.canAnswer(view.state === 'ringing');
    this.canDecline(view.state === 'ringing');
    this.canHangUp(!consulting && (view.state === 'connected' || view.state === 'held' || view.state === 'dialing'));
    this.canFinishWrapup(view.state === 'wrapup');
    const talking = view.state === 'connected' || view.state === 'held';
    // One observable, so that the button is never taken away between Hold and Resume (it would lose focus).
    const alone = view.thirdParty === null;
    this.holdAction(!controls.hold || !alone ? null : view.state === 'connected' ? 'hold' : view.state === 'held' ? 'resume' : null);
    this.canMute(controls.mute && talking);
    this.muted(talking && view.muted);
    // The vendor caught up with the press (or the call can no longer be muted): the toggle shows the vendor again.
    if (!talking || this.mutePressed.peek() === this.muted.peek()) this.mutePressed(null);
    this.canUseKeypad(controls.digits && view.state === 'connected' && !consulting);
    const partyChange = this.transfer.update(view, controls);
    this.stateSince(view.stateSince);
    this.startedAt(view.startedAt);
    // The call is over once it reaches wrap-up (entered as it leaves connected) or ended: the clock stops there.
    this.callEndedAt(view.state === 'wrapup' || view.state === 'ended' ? view.stateSince : null);
    if (!before.known) return null;
    if (partyChange !== null) return partyChange;
    if (consulting) return null; // the consult's hold is said with the consult
    const caller = this.title();
    if (before.state === 'connected' && view.state === 'held') return text.say('announceHeld', { caller });
    if (before.state === 'held' && view.state === 'connected') return text.say('announceResumed', { caller });
    if (talking && before.muted !== this.muted()) return text.say(this.muted() ? 'announceMuted' : 'announceUnmuted', { caller });
    return null;
  }

  readonly answer = (): void => void this.act(this.eventId, 'accept');
  readonly decline = (): void => void this.act(this.eventId, 'reject');
  readonly hangUp = (): void => void this.act(this.eventId, 'hangup');
  /** Finishes wrap-up from the toolbar: the vendor's after-call work ends and Fusion's Wrap Up window closes. */
  readonly finishWrapup = (): void => void this.act(this.eventId, 'finishWrapup');
  readonly holdOrResume = (): void => {
    const control = this.holdAction();
    if (control !== null) void this.act(this.eventId, { control });
  };

  /**
   * The Mute toggle changed. Only the agent's press asks anything (JET says 'internal'); the toggle shows the press
   * until the vendor reports it, and what the vendor reports once a refusal comes.
   */
  readonly muteToggled = (event: CustomEvent<{ value: boolean; updatedFrom?: string }>): void => {
    if (event.detail.updatedFrom !== 'internal') return;
    this.mutePressed(event.detail.value);
    void this.act(this.eventId, { control: event.detail.value ? 'mute' : 'unmute' }).then((result) => {
      if (result && !result.ok) this.mutePressed(null);
    });
  };

  /** The Keypad toggle, pressed by the agent (JET says 'internal'; the view's own writes of its value are not a press). */
  readonly toggleKeypad = (event: CustomEvent<{ value: boolean; updatedFrom?: string }>): void => {
    if (event.detail.updatedFrom === 'internal') this.keypadOpen(event.detail.value);
  };

  /** A key of the keypad, pressed or clicked: sent at once, as a phone sends its tones. */
  readonly pressKey = (key: string): void => {
    if (!KEYPAD_KEYS.includes(key) || !this.canUseKeypad() || this.blocked()) return;
    void this.act(this.eventId, { control: 'digits', digits: key }).then((result) => {
      if (result?.ok) this.digitsSent(this.digitsSent.peek() + key);
    });
  };

  /** What a screen reader says for a key whose sign it may not read out (null: the key's own text). */
  readonly keyName = (key: string): string | null => (key === '*' ? this.text.say('keyStar') : key === '#' ? this.text.say('keyPound') : null);

  /** A key's button clicked (its data-key names it). */
  readonly keyClicked = (event: Event): void => {
    const key = (event.currentTarget as HTMLElement | null)?.dataset.key;
    if (key !== undefined) this.pressKey(key);
  };

  /** Typing on the keyboard while the keypad has focus: 0-9, * and # send their tones (a key's own click is not doubled). */
  readonly keypadKeydown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || !KEYPAD_KEYS.includes(event.key)) return;
    event.preventDefault();
    this.pressKey(event.key);
  };
}

/**
 * An error of the core as the line shows it: its message, put in the agent's language when shown, and its English
 * words, by which the view tells errors apart (the same error keeps its words whatever the language).
 */
interface ShownError {
  readonly message: AgentMessage;
  readonly english: string;
}

function shownError(snapshot: Pick<ToolbarSnapshot, 'lastErrorMessage'>): ShownError | null {
  const message = snapshot.lastErrorMessage;
  return message === null ? null : { message, english: inEnglish(message) };
}

export class ToolbarViewModel {
  /** The toolbar's own words in the agent's language, which the view reads (`words.accept`…). */
  readonly words: Translator['words'];
  readonly started = observable(false);
  readonly vendorLine: Observable<string>;
  /** Who Fusion says is signed in (getConfigurationOperation's agent id); empty when Fusion did not say. */
  readonly agentLine = observable('');
  readonly linkStatus = observable<LinkStatus | 'none'>('none');
  readonly available = observable(false);
  readonly availabilityEnabled = observable(false);
  /** The reasons the phone system offers for not taking calls (none where it offers none), and the one in force. */
  readonly reasons = observable<readonly NotReadyReason[]>([]);
  readonly currentReason = observable('');
  private reasonsAsked = false;
  /** The reason the agent picked, while it is asked for (null: none waits). */
  private readonly reasonPicked = observable<string | null>(null);
  /** The reason in force when the agent picked (the pick shows until the phone system reports another). */
  private reasonBeforePick = '';
  /** The reason the radio buttons show: the pick while it waits, else the one in force. */
  readonly shownReason = computed(() => this.reasonPicked() ?? this.currentReason());
  readonly presenceText = observable('');
  readonly engagements = observable<readonly EngagementCard[]>([]);
  /** The session's last ended calls, newest first. */
  readonly recentCalls = observable<readonly RecentCallItem[]>([]);
  /** The toolbar's own ringing (ringAlert.ts): off until the agent turns it on; why it could not be, if so. */
  readonly ringtoneOn = observable(false);
  readonly notifyOn = observable(false);
  private readonly toneProblem = observable('');
  private readonly notifyProblem = observable('');
  readonly ringMessage = computed(() => [this.toneProblem(), this.notifyProblem()].filter((m) => m !== '').join(' '));
  private ringAlert: RingAlert | null = null;
  private recentSignature = '';
  /** The recent calls last shown, drawn again when libphonenumber-js arrives. */
  private recentShown: { readonly calls: readonly RecentCall[]; readonly canDial: boolean } | null = null;
  readonly canDial = observable(false);
  readonly dialNumber = observable('');
  private dialing = false;
  private readonly cards = new Map<string, EngagementCard>();
  readonly errorText = observable<string | null>(null);
  /** Read by the ARIA live region: announces incoming calls. */
  readonly announcement = observable('');
  readonly now = observable(Date.now());
  readonly availableChecked = computed(() => (this.available() ? 'true' : 'false'));
  /** The switch's state in words beside it: its name stays "Available" (what it turns on), its state says on or off. */
  readonly availableState = computed(() => this.text.say(this.available() ? 'switchOn' : 'switchOff'));
  /** The phone system's name for the agent's state, after "Status:" in the agent's language. */
  readonly statusLine = computed(() => this.text.say('status', { presence: this.presenceText() }));
  /** Nothing to dial yet: the Call button waits for a number. */
  readonly dialEmpty = computed(() => this.dialNumber().trim() === '');
  /** Whether the phone system's sign-in is the toolbar's to offer (genesys.signIn). */
  readonly signInOffered = observable(false);
  /** Who is signed in to the phone system, or that nobody is. */
  readonly signInLine = observable('');
  /** Why to sign in, or what went wrong signing in (a blocked window, a refusal): in words. */
  readonly signInMessage = observable('');
  readonly showSignIn = observable(false);
  readonly showSwitchAgent = observable(false);
  private signInControl: SignInControl | null = null;
  /**
   * Counts the snapshots shown, so the page can look after focus once the view has changed. Written once per
   * snapshot, at the end of its batch: its subscribers hear of it once the snapshot's every field is written.
   */
  readonly rendered = observable(0);
  /**
   * The card whose own button (Accept, Decline, Hang up, Finish wrap-up) the agent pressed last, while that press
   * may still take the button away: the page moves focus on from it once, and only then. Nothing else arms it, so
   * a call that rings later never pulls focus onto its Accept.
   */
  private focusFromCard: string | null = null;

  private core: IntegrationEventsHandler | null = null;
  private clock: number | undefined;
  /** Each ringing call as last announced ("name" once Fusion named the caller, else "number"). */
  private readonly announced = new Map<string, 'number' | 'name'>();
  private announcementClear: number | undefined;
  /** Words waiting for the live region to empty before they are said again (see announce()). */
  private pendingAnnouncement: string | null = null;
  /** Ringing calls whose announcement waits for libphonenumber-js to load, by eventId; null when none waits. */
  private incomingWaiting: Map<string, EngagementView> | null = null;
  /** The calls ringing in the last snapshot, by eventId. */
  private ringingNow = new Set<string>();
  /**
   * The errors shown during the current outage of the link, by their English words: errors are compared as the core
   * words them (lastError), whatever language the line shows them in.
   */
  private readonly outageErrors = new Set<string>();
  /** The error shown while the link was last up: it is not about the link, whatever happens to the link next. */
  private errorBeforeOutage: ShownError | null = null;
  /**
   * The pre-outage error, shown again once the outage's own error cleared. The core keeps one error, which the
   * outage's replaced, so the view keeps this one until it is dismissed, an action works, or a new error comes.
   */
  private restoredError: ShownError | null = null;
  /** The error on the line now, if the core's (a startup error is the view's own). */
  private shownError: ShownError | null = null;

  /**
   * `text`: the agent's language (root.ts loads its bundles with ojL10n); English when not given, as in tests that
   * are not about language.
   */
  constructor(private readonly text: Translator = englishTranslator()) {
    this.words = text.words;
    this.vendorLine = observable(text.say('starting'));
    numberFormattingLoaded.subscribe(() => {
      if (this.recentShown) this.renderRecentCalls(this.recentShown.calls, this.recentShown.canDial);
    });
  }

  /** Shows a failure that stops the toolbar from starting (bad configuration, UEF not loaded); `detail` as given. */
  showStartupError(problem: StartupProblem, detail: string): void {
    batch(() => {
      this.vendorLine(this.text.say('couldNotStart'));
      this.showError(null);
      this.errorText(this.text.say(problem, { detail }));
    });
  }

  /** Puts one of the core's errors on the line, in the agent's language (or empties it). */
  private showError(error: ShownError | null): void {
    this.shownError = error;
    this.errorText(error === null ? null : this.text.message(error.message));
  }

  attach(core: IntegrationEventsHandler, agent: { agentId?: string } = {}, signIn?: SignInControl, ringAlert?: RingAlert): void {
    this.core = core;
    if (ringAlert) {
      this.ringAlert = ringAlert;
      this.ringtoneOn(ringAlert.current.ringtone);
      this.notifyOn(ringAlert.current.notify);
    }
    this.agentLine(agent.agentId ? this.text.say('signedInAs', { agent: agent.agentId }) : '');
    if (signIn) {
      this.signInControl = signIn;
      this.signInOffered(true);
      this.renderSignIn(signIn.state);
      signIn.subscribe((state) => this.renderSignIn(state));
    }
    core.subscribe((snapshot) => this.render(snapshot));
  }

  /** The Ring aloud checkbox: the tone starts within this click if a call rings already (browsers' autoplay rules). */
  readonly ringtoneChanged = (event: Event): void => {
    const on = (event.target as HTMLInputElement).checked;
    this.ringAlert?.setRingtone(on);
    this.ringtoneOn(on);
    this.updateRingAlert();
  };

  private updateRingAlert(): void {
    const alert = this.ringAlert;
    if (!alert) return;
    alert.update(this.ringingCalls());
    this.toneProblem(alert.problem);
  }

  /** The Notify checkbox: asks the browser's permission within the click; a refusal leaves it off and says why. */
  readonly notifyChanged = (event: Event): void => {
    const box = event.target as HTMLInputElement;
    const alert = this.ringAlert;
    if (!alert) return;
    // Shown as clicked while the browser asks for permission, then as it answered.
    this.notifyOn(box.checked);
    void alert.setNotify(box.checked).then((problem) => {
      this.notifyProblem(problem ?? '');
      this.notifyOn(alert.current.notify);
    });
  };

  private ringingCalls(): Array<{ eventId: string; caller: string }> {
    return this.engagements()
      .filter((card) => card.canAnswer())
      .map((card) => ({ eventId: card.eventId, caller: card.title() }));
  }

  /** The agent pressed Sign in: the window opens within the press (a pop-up opened later is blocked). */
  readonly signIn = (): void => {
    this.signInControl?.signIn(false);
  };

  /** The agent pressed Switch agent: the provider asks who signs in, even if it remembers someone. */
  readonly switchAgent = (): void => {
    this.signInControl?.signIn(true);
  };

  private renderSignIn(state: SignInState): void {
    batch(() => this.renderSignInState(state));
  }

  private renderSignInState(state: SignInState): void {
    const text = this.text;
    this.signInLine(state.status === 'signedIn' ? text.say('phoneSignedIn', { agent: state.agent ?? '' }) : text.say(state.status === 'signingIn' ? 'phoneSigningIn' : 'phoneSignedOut'));
    // The sign-in's own message (a blocked window, the provider's refusal), from the call-messages catalog.
    this.signInMessage(state.message ? text.message(state.message) : state.status === 'signedOut' ? text.say('signInToTakeCalls') : '');
    this.showSignIn(state.status !== 'signedIn' || state.renewalNeeded === true);
    this.showSwitchAgent(state.status === 'signedIn' && state.renewalNeeded !== true);
  }

  /**
   * A reason picked: the agent becomes not available for it. The radio buttons show the pick until the phone system
   * reports a presence, then that presence; a refusal puts them back as they were. The view draws them on every
   * redraw (each second, with the clocks), so they must not fall back before the phone system answers.
   */
  readonly reasonChosen = (event: Event): void => {
    const radio = event.target as HTMLInputElement;
    const core = this.core;
    if (!core || radio.type !== 'radio') return;
    this.reasonPicked(radio.value);
    this.reasonBeforePick = this.currentReason.peek();
    void core.setAvailability(false, 'toolbar', radio.value).then((result) => {
      if (!result.ok) this.reasonPicked(null);
    });
  };

  /** Lists the reasons each time the phone system connects (a reconnect may find the admin changed them). */
  private loadReasons(snapshot: ToolbarSnapshot): void {
    const core = this.core;
    if (snapshot.link !== 'connected') this.reasonsAsked = false;
    if (!core || !snapshot.controls.notReadyReasons || snapshot.link !== 'connected' || this.reasonsAsked) return;
    this.reasonsAsked = true;
    void core.notReadyReasons().then((result) => {
      this.reasons(result.ok ? [...result.reasons] : []);
    });
  }

  readonly toggleAvailability = (): void => {
    if (!this.core || !this.availabilityEnabled()) return;
    void this.core.setAvailability(!this.available(), 'toolbar');
  };

  /** The toolbar's own dial field; Fusion's click-to-dial arrives through FusionHandler instead. */
  readonly dial = (): void => {
    if (this.dialNumber().trim() === '') return; // Enter in an empty field: nothing to call, as the disabled Call button says
    this.dialNumberOnce(this.dialNumber(), () => {
      this.dialNumber('');
    });
  };

  /** Places a call unless one placed from the toolbar is still being placed: a double click places one call. */
  private dialNumberOnce(number: string, placed: () => void = () => undefined): void {
    const core = this.core;
    if (!core || !this.canDial() || this.dialing) return;
    this.dialing = true;
    void core.dial(number).then((result: CommandResult) => {
      this.dialing = false;
      if (result.ok) placed();
    });
  }

  /** Enter in the dial field places the call, as the Call button does. */
  readonly dialSubmit = (event: Event): void => {
    event.preventDefault();
    this.dial();
  };

  readonly dialInput = (event: Event): void => {
    this.dialNumber((event.target as HTMLInputElement).value);
  };

  readonly dismissError = (): void => {
    this.clearErrorLine();
  };

  /**
   * A keyboard shortcut (keyboardShortcuts.ts): answer or decline the call that rings longest, hang up the call in
   * progress. With no such call, the live region says so, since nothing on screen changes.
   */
  shortcut(action: CallAction): void {
    const cards = this.engagements();
    // The call the agent talks on, not one waiting on hold; then one being placed; then a held one.
    const card =
      action === 'hangup'
        ? (['connected', 'dialing', 'held'] as const).map((state) => cards.find((c) => c.canHangUp() && c.state() === state)).find((c) => c !== undefined)
        : cards.find((c) => c.canAnswer());
    if (!card) {
      const consulting = action === 'hangup' && cards.some((c) => c.transfer.stage() === 'consult');
      this.announce(consulting ? this.text.message(say('finishTransferFirst')) : this.text.say(action === 'hangup' ? 'noCallToHangUp' : 'noCallRinging'));
      return;
    }
    if (card.blocked()) {
      this.announce(card.blockedReason());
      return;
    }
    void this.act(card.eventId, action);
  }

  /** The card whose button was pressed, once: the page asks after each change, and moves focus on from it. */
  takeFocusFrom(): string | null {
    const card = this.focusFromCard;
    this.focusFromCard = null;
    return card;
  }

  /** The card whose button was pressed, if that press may still move focus; the page's own reading, not a use. */
  get focusArmedFor(): string | null {
    return this.focusFromCard;
  }

  /** Focus went somewhere the agent chose: nothing is left to move it from. */
  disarmFocus(): void {
    this.focusFromCard = null;
  }

  /** The agent dismissed the error line, or their next action worked: the line empties, a restored error too. */
  private clearErrorLine(): void {
    this.restoredError = null;
    this.errorBeforeOutage = null;
    this.showError(null);
    this.core?.clearError();
  }

  private async act(eventId: string, request: CardRequest): Promise<CommandResult | null> {
    const core = this.core;
    if (!core) return null;
    if (request === 'finishWrapup') {
      this.focusFromCard = eventId;
      return core.finishWrapup(eventId, 'toolbar');
    }
    // A control leaves its own button where it was (Hold turns into Resume in place): focus has nowhere to move from.
    if (typeof request === 'string') this.focusFromCard = eventId;
    const result = typeof request === 'string' ? await core.callAction(eventId, request, 'toolbar') : await core.callControl(eventId, request);
    if (result.ok) this.clearErrorLine();
    return result;
  }

  /** The vendor's named transfer destinations; none when it has none or could not list them (the error line says why). */
  private async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    const result = await this.core?.transferDirectory();
    return result?.ok ? result.entries : [];
  }

  /** One snapshot is one change: a watch over the view model runs once for it, not once per field written. */
  private render(snapshot: ToolbarSnapshot): void {
    batch(() => this.renderSnapshot(snapshot));
  }

  private renderSnapshot(snapshot: ToolbarSnapshot): void {
    this.started(true);
    this.linkStatus(snapshot.vendorName ? snapshot.link : 'none');
    this.vendorLine(snapshot.vendorName ? this.text.say('vendorLink', { vendor: snapshot.vendorName, link: this.text.say(LINK_LABELS[snapshot.link]) }) : this.text.say('noVendor'));
    this.available(snapshot.presence.available);
    this.availabilityEnabled(snapshot.vendorName !== null && snapshot.link === 'connected');
    const { presence } = snapshot;
    this.presenceText(snapshot.vendorName ? (presence.label ? this.text.message(presence.label) : presence.displayName) : '');
    this.currentReason(snapshot.presence.available ? '' : (snapshot.presence.reasonCode ?? ''));
    // The phone system reported a presence since the pick (the one picked, or another): the buttons follow it again.
    if (this.reasonPicked.peek() !== null && this.currentReason.peek() !== this.reasonBeforePick) this.reasonPicked(null);
    this.loadReasons(snapshot);
    this.canDial(snapshot.canDial);
    const error = shownError(snapshot);
    if (error !== null) this.restoredError = null; // a newer error takes the line
    this.showError(error ?? this.restoredError);
    this.now(Date.now());
    this.renderCards(snapshot, blockedReasonFor(snapshot, this.text));
    this.renderRecentCalls(snapshot.recentCalls, snapshot.canDial);
    this.announceIncoming(snapshot.engagements);
    this.updateRingAlert();
    this.runClock(snapshot.engagements.length > 0);
    this.rendered(this.rendered.peek() + 1);
    this.clearLinkErrorOnReturn(snapshot);
  }

  /**
   * An error that came up while the link was down or reconnecting (the link's own detail, a command refused for
   * want of it) is about the link: once the link is back it no longer holds, so it clears, and the error shown
   * before the outage (which the outage's replaced) comes back, to stay until dismissed. Runs last in render(), as
   * clearing shows a new snapshot.
   */
  private clearLinkErrorOnReturn(snapshot: ToolbarSnapshot): void {
    const error = shownError(snapshot);
    if (snapshot.link === 'down' || snapshot.link === 'reconnecting') {
      if (error !== null && error.english !== this.errorBeforeOutage?.english) this.outageErrors.add(error.english);
      return;
    }
    if (snapshot.link !== 'connected') return;
    const linkError = error !== null && this.outageErrors.has(error.english);
    this.outageErrors.clear();
    if (linkError) {
      this.restoredError = this.errorBeforeOutage;
      this.showError(this.restoredError);
      this.core?.clearError(); // shows the core's empty line, which render() fills with the restored error
      return;
    }
    this.errorBeforeOutage = this.shownError;
  }

  private renderCards(snapshot: ToolbarSnapshot, blockedReason: string): void {
    const views = snapshot.engagements;
    const changes: string[] = [];
    for (const view of views) {
      let card = this.cards.get(view.eventId);
      if (!card) {
        card = new EngagementCard(view.eventId, this.now, (id, request) => this.act(id, request), () => this.transferDirectory(), this.text);
        this.cards.set(view.eventId, card);
      }
      const change = card.update(view, snapshot.controls, blockedReason);
      if (change !== null) changes.push(change);
    }
    if (changes.length > 0) this.announce(changes.reduce((first, then) => this.text.say('announceThen', { first, then })));
    for (const id of this.cards.keys()) if (!views.some((v) => v.eventId === id)) this.cards.delete(id);
    const order = views.map((v) => v.eventId);
    const shown = this.engagements().map((c) => c.eventId);
    if (order.join('\n') !== shown.join('\n')) this.engagements(order.map((id) => this.cards.get(id) as EngagementCard));
  }

  /** The recent calls, redrawn only when they or the phone system's ability to call back changed (focus stays put). */
  private renderRecentCalls(calls: readonly RecentCall[], canDial: boolean): void {
    this.recentShown = { calls, canDial };
    // By the titles shown: a number formatted once libphonenumber-js has loaded redraws the list too.
    const signature = JSON.stringify([canDial, calls.map((c) => [c.eventId, c.contactName ?? formatNumber(c.phoneNumber)])]);
    if (signature === this.recentSignature) return;
    this.recentSignature = signature;
    this.recentCalls(
      calls.map((call) => {
        const number = formatNumber(call.phoneNumber);
        const title = call.contactName ?? number;
        return {
          eventId: call.eventId,
          outcome: call.outcome,
          title,
          detail: recentCallDetail(call, this.text),
          // Only a number the toolbar can dial (not a SIP address or an anonymous caller's placeholder).
          canCallBack: canDial && PHONE_NUMBER.test(call.phoneNumber.trim()),
          callBackLabel: this.text.say('callBackLabel', { caller: title }),
          callBack: () => this.dialNumberOnce(call.phoneNumber),
        };
      }),
    );
  }

  /**
   * Every ringing call is announced once it rings, by the number, and again once Fusion names the caller (the
   * reverse lookup answers after the ring), by the name and the number.
   */
  private announceIncoming(engagements: readonly EngagementView[]): void {
    this.ringingNow = new Set(engagements.filter((e) => e.state === 'ringing').map((e) => e.eventId));
    const ringing: EngagementView[] = [];
    for (const e of engagements) {
      if (e.state !== 'ringing') continue;
      const known = e.contactName ? 'name' : 'number';
      if (this.announced.get(e.eventId) === known || this.announced.get(e.eventId) === 'name') continue;
      this.announced.set(e.eventId, known);
      ringing.push(e);
    }
    // Forget calls that are gone, so the map stays as small as the list of calls.
    for (const id of this.announced.keys()) if (!engagements.some((e) => e.eventId === id)) this.announced.delete(id);
    if (ringing.length === 0) return;
    // Said once, so said as people read the number: while libphonenumber-js is loading (the first international
    // number starts it), the calls wait for it, and are said together when it has loaded (or failed to: then the
    // numbers as given), each by what was last known of it.
    if (this.incomingWaiting === null && !ringing.some((e) => numberAwaitsFormatting(e.phoneNumber))) {
      this.sayIncoming(ringing);
      return;
    }
    const first = this.incomingWaiting === null;
    this.incomingWaiting ??= new Map();
    for (const e of ringing) this.incomingWaiting.set(e.eventId, e);
    if (!first) return;
    void loadNumberFormatting().then(() => {
      // A call answered, declined or gone while the library loaded is no longer news.
      const waited = [...(this.incomingWaiting?.values() ?? [])].filter((e) => this.ringingNow.has(e.eventId));
      this.incomingWaiting = null;
      if (waited.length > 0) this.sayIncoming(waited);
    });
  }

  private sayIncoming(ringing: readonly EngagementView[]): void {
    const callers = ringing.map((e) => (e.contactName ? `${e.contactName}, ${formatNumber(e.phoneNumber)}` : formatNumber(e.phoneNumber)));
    this.announce(this.text.count('announceIncoming', callers.length, { callers: this.text.list(callers) }));
  }

  /**
   * Puts a message in the live region and clears it after ANNOUNCEMENT_MS. A screen reader speaks a live region
   * when its text changes, so clearing it is what lets a second call from the same caller be announced too.
   */
  private announce(text: string): void {
    window.clearTimeout(this.announcementClear);
    // Words still waiting for the region to empty are said with the new ones, not dropped for them.
    const words = this.pendingAnnouncement === null ? text : `${this.pendingAnnouncement}. ${text}`;
    this.pendingAnnouncement = null;
    if (this.announcement() === words) {
      // The same words again (a second call from the same caller): empty the region first, so they are a change.
      this.announcement('');
      this.pendingAnnouncement = words;
      this.announcementClear = window.setTimeout(() => {
        const waiting = this.pendingAnnouncement;
        this.pendingAnnouncement = null;
        if (waiting !== null) this.announce(waiting);
      }, 100);
      return;
    }
    this.announcement(words);
    this.announcementClear = window.setTimeout(() => {
      this.announcementClear = undefined;
      this.announcement('');
    }, ANNOUNCEMENT_MS);
  }

  /** The elapsed-time clock ticks only while there are calls to time. */
  private runClock(needed: boolean): void {
    if (needed && this.clock === undefined) {
      this.clock = window.setInterval(() => {
        this.now(Date.now());
      }, 1000);
    } else if (!needed && this.clock !== undefined) {
      window.clearInterval(this.clock);
      this.clock = undefined;
    }
  }
}
