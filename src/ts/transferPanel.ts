/**
 * One call's transfer controls: the Transfer form (a number typed, or a directory entry picked) with "Transfer now"
 * (blind) and "Consult first", then, while a consult goes on, Complete, Conference and Cancel. A view over the
 * core's snapshot like the card that owns it: what the third party does shows when the vendor reports it.
 */
import type { EngagementView, ToolbarSnapshot } from './cti/core/toolbarSnapshot';
import type { CallControlRequest, CommandResult, DirectoryEntry, ThirdParty, TransferDestination, TransferMode } from './cti/core/types';
import { type Translator, englishTranslator } from './i18n/translator';
import { computed, observable } from './observable';

/** What the form is for, given the call: nothing (no transfer possible), the form, a consult under way, a conference. */
export type TransferStage = 'none' | 'form' | 'consult' | 'conference';

export interface TransferPanelPorts {
  /** Sends a control of the card's call; null when the toolbar has no core. */
  readonly act: (request: CallControlRequest) => Promise<CommandResult | null>;
  /** The vendor's named destinations (empty when it has none, or could not list them: the core said why). */
  readonly directory: () => Promise<readonly DirectoryEntry[]>;
}

const THIRD_PARTY_WORDS: Readonly<Record<ThirdParty['state'], 'partyRinging' | 'partyTalking' | 'partyConferenced'>> = {
  dialing: 'partyRinging',
  talking: 'partyTalking',
  conferenced: 'partyConferenced',
};

export class TransferPanel {
  readonly stage = observable<TransferStage>('none');
  /** The form is open: the agent pressed Transfer. */
  readonly formOpen = observable(false);
  readonly showForm = computed(() => this.stage() === 'form' && this.formOpen());
  readonly number = observable('');
  /** The directory entry picked ('' none): a pick wins over a typed number, and typing clears the pick. */
  readonly picked = observable('');
  readonly entries = observable<readonly DirectoryEntry[]>([]);
  readonly offersDirectory = observable(false);
  readonly offersConference = observable(false);
  /** The third party, in words: who, and what they do now. */
  readonly partyLine = observable('');
  /** The consult's target answered: the transfer can be completed or made a conference. */
  readonly partyTalking = observable(false);
  readonly destinationEmpty = computed(() => this.picked() === '' && this.number().trim() === '');
  readonly formId: string;
  readonly numberId: string;
  readonly pickId: string;
  /** The third party's line, which describes Complete and Conference (why they wait while the target rings). */
  readonly partyId: string;
  /** A request sent and not answered yet: its buttons wait, so a double click sends one. */
  private sending = false;
  private directoryAsked = false;

  constructor(
    idSuffix: string,
    private readonly ports: TransferPanelPorts,
    private readonly text: Translator = englishTranslator(),
  ) {
    this.formId = `transfer-form-${idSuffix}`;
    this.numberId = `transfer-number-${idSuffix}`;
    this.pickId = `transfer-pick-${idSuffix}`;
    this.partyId = `transfer-party-${idSuffix}`;
  }

  /** Shows the call as the core reports it; returns what a screen reader should hear of the third party, or null. */
  update(view: EngagementView, controls: ToolbarSnapshot['controls']): string | null {
    const before = { stage: this.stage(), line: this.partyLine() };
    const party = view.thirdParty;
    const stage: TransferStage = !controls.transfer
      ? 'none'
      : party?.state === 'conferenced'
        ? 'conference'
        : party
          ? 'consult'
          : view.state === 'connected'
            ? 'form'
            : 'none';
    this.stage(stage);
    this.offersDirectory(controls.transferDirectory);
    this.offersConference(controls.conference);
    this.partyTalking(party?.state === 'talking');
    // The destination as the agent typed or picked it: a number, an extension or a directory entry's own name.
    this.partyLine(party ? this.text.say(THIRD_PARTY_WORDS[party.state], { party: party.destination }) : '');
    if (stage !== 'form') this.formOpen(false);
    if (before.stage === 'none' && stage === 'none') return null;
    if (party && this.partyLine() !== before.line) return party.state === 'dialing' ? this.text.say('callingParty', { party: party.destination }) : this.partyLine();
    return null;
  }

  /** The Transfer toggle, pressed by the agent (JET says 'internal'); opening it lists the directory once. */
  readonly toggleForm = (event: CustomEvent<{ value: boolean; updatedFrom?: string }>): void => {
    if (event.detail.updatedFrom !== 'internal') return;
    this.formOpen(event.detail.value);
    if (event.detail.value && this.offersDirectory() && !this.directoryAsked) {
      this.directoryAsked = true;
      void this.ports.directory().then((entries) => {
        this.entries([...entries]);
        // Nothing listed (or the listing failed): ask again next time the form opens.
        if (entries.length === 0) this.directoryAsked = false;
      });
    }
  };

  /** Typing a number drops a pick. */
  readonly numberInput = (event: Event): void => {
    this.number((event.target as HTMLInputElement).value);
    if (this.number() !== '') this.picked('');
  };

  readonly pickChanged = (event: Event): void => {
    this.picked((event.target as HTMLSelectElement).value);
  };

  readonly transferNow = (): void => this.transfer('blind');
  readonly consultFirst = (): void => this.transfer('consult');
  readonly complete = (): void => void this.send({ control: 'completeTransfer' });
  readonly conference = (): void => void this.send({ control: 'conference' });
  readonly cancel = (): void => void this.send({ control: 'cancelTransfer' });

  /** Enter in the number field consults first: the gentler of the two, as the customer is not sent away unheard. */
  readonly formSubmit = (event: Event): void => {
    event.preventDefault();
    this.transfer('consult');
  };

  private destination(): TransferDestination {
    const entry = this.entries().find((e) => e.id === this.picked());
    return entry ? { kind: 'directory', id: entry.id, name: entry.name } : { kind: 'number', phoneNumber: this.number() };
  }

  private transfer(mode: TransferMode): void {
    if (this.destinationEmpty()) return;
    void this.send({ control: 'transfer', destination: this.destination(), mode }).then((result) => {
      if (result?.ok) {
        this.number('');
        this.picked('');
      }
    });
  }

  private async send(request: CallControlRequest): Promise<CommandResult | null> {
    if (this.sending) return null;
    this.sending = true;
    try {
      return await this.ports.act(request);
    } finally {
      this.sending = false;
    }
  }
}
