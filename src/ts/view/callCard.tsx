/**
 * One call's card: who, its state and times, its controls (hold, mute, keypad, transfer) and its actions. Keyed by
 * the call's eventId in the list, so that the card, and the button focus is on, stays while the call changes.
 */
import 'oj-c/button';
import 'oj-c/toggle-button';
import type { EngagementCard } from '../toolbarViewModel';
import type { Translator } from '../i18n/translator';

type Words = Translator['words'];

/** What describes a card's buttons: why they wait (a link down), and the consult's third party where it matters. */
function describedBy(...ids: (string | null)[]): string | undefined {
  const named = ids.filter((id): id is string => id !== null);
  return named.length > 0 ? named.join(' ') : undefined;
}

type ToggleChanged = CustomEvent<{ value: boolean; updatedFrom?: string }>;

/**
 * One of a card's toggles (Mute, Keypad, Transfer): disabled, and described by why, while the card is blocked (`reason`,
 * the reason's element). JET types a toggle's value as possibly undefined; the card always gives one, so it is a boolean.
 */
function Toggle(props: { class: string; label: string; on: boolean; reason: string | null; controls?: string; changed: (event: ToggleChanged) => void }) {
  return (
    <oj-c-toggle-button
      class={props.class}
      label={props.label}
      value={props.on}
      disabled={props.reason !== null}
      aria-describedby={describedBy(props.reason)}
      aria-controls={props.controls}
      onvalueChanged={(event) => props.changed(event as ToggleChanged)}
    />
  );
}

export function CallCard({ card, words }: { card: EngagementCard; words: Words }) {
  const blocked = card.blocked();
  const reason = blocked ? card.reasonId : null;
  const transfer = card.transfer;
  const stage = transfer.stage();
  const formStage = stage === 'form';
  return (
    <div class="toolbar-card" role="group" aria-label={card.groupLabel()} data-event-id={card.eventId} data-state={card.state()}>
      <div class="toolbar-card-head">
        <svg class="toolbar-card-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M5 3h4l2 5-2.5 1.7a11 11 0 0 0 5.8 5.8L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z" />
        </svg>
        <h2 class="toolbar-card-title">{card.title()}</h2>
      </div>
      <div class="toolbar-card-sub oj-typography-body-sm">
        <span class="toolbar-card-state">{card.stateLabel()}</span>
        <span class="toolbar-card-who">{card.subtitle()}</span>
      </div>
      <div class="toolbar-card-times oj-typography-body-sm">
        {card.showCallTime() && (
          <span class="toolbar-card-time">
            {words.callTime} <span class="toolbar-card-clock">{card.callTime()}</span>
          </span>
        )}
        <span class="toolbar-card-time">
          {words.timeInState} <span class="toolbar-card-clock">{card.elapsed()}</span>
        </span>
      </div>
      {blocked && (
        <p class="toolbar-card-blocked oj-typography-body-sm" id={card.reasonId}>
          {card.blockedReason()}
        </p>
      )}
      {(card.showHold() || card.canMute() || card.canUseKeypad() || formStage) && (
        <div class="toolbar-card-controls">
          {card.showHold() && (
            <oj-c-button class="toolbar-hold" label={card.holdLabel()} disabled={blocked} aria-describedby={describedBy(reason)} onojAction={card.holdOrResume} />
          )}
          {card.canMute() && <Toggle class="toolbar-mute" label={words.mute} on={card.muteShown()} reason={reason} changed={card.muteToggled} />}
          {card.canUseKeypad() && (
            <Toggle class="toolbar-keypad-toggle" label={words.keypad} on={card.keypadOpen()} reason={reason} controls={card.keypadId} changed={card.toggleKeypad} />
          )}
          {formStage && (
            <Toggle class="toolbar-transfer-toggle" label={words.transfer} on={transfer.formOpen()} reason={reason} controls={transfer.formId} changed={transfer.toggleForm} />
          )}
        </div>
      )}
      {/* In the page while a transfer is possible, hidden while closed. */}
      {formStage && <TransferForm card={card} words={words} reason={reason} />}
      {(stage === 'consult' || stage === 'conference') && (
        <p class="toolbar-third-party oj-typography-body-sm" id={transfer.partyId}>
          {transfer.partyLine()}
        </p>
      )}
      {/* Always in the page (hidden while closed), so that the Keypad toggle's aria-controls names an element. */}
      {card.canUseKeypad() && <Keypad card={card} words={words} />}
      <div class="toolbar-card-actions">
        {card.canAnswer() && (
          <oj-c-button label={words.accept} disabled={blocked} aria-describedby={describedBy(reason)} chroming="callToAction" onojAction={card.answer} />
        )}
        {card.canDecline() && (
          <oj-c-button label={words.decline} disabled={blocked} aria-describedby={describedBy(reason)} chroming="danger" onojAction={card.decline} />
        )}
        {stage === 'consult' && (
          <>
            <oj-c-button
              class="toolbar-complete-transfer"
              label={words.completeTransfer}
              chroming="callToAction"
              disabled={blocked || !transfer.partyTalking()}
              aria-describedby={describedBy(transfer.partyId, reason)}
              onojAction={transfer.complete}
            />
            {transfer.offersConference() && (
              <oj-c-button
                class="toolbar-conference"
                label={words.conference}
                disabled={blocked || !transfer.partyTalking()}
                aria-describedby={describedBy(transfer.partyId, reason)}
                onojAction={transfer.conference}
              />
            )}
            <oj-c-button class="toolbar-cancel-transfer" label={words.cancelTransfer} disabled={blocked} aria-describedby={describedBy(reason)} onojAction={transfer.cancel} />
          </>
        )}
        {card.canHangUp() && (
          <oj-c-button label={words.hangUp} disabled={blocked} aria-describedby={describedBy(reason)} chroming="danger" onojAction={card.hangUp} />
        )}
        {card.canFinishWrapup() && <oj-c-button label={words.finishWrapup} disabled={blocked} aria-describedby={describedBy(reason)} onojAction={card.finishWrapup} />}
      </div>
    </div>
  );
}

function TransferForm({ card, words, reason }: { card: EngagementCard; words: Words; reason: string | null }) {
  const transfer = card.transfer;
  const blocked = card.blocked();
  const entries = transfer.entries();
  const waits = blocked || transfer.destinationEmpty();
  return (
    <form class="toolbar-transfer" aria-label={card.transferFormLabel()} id={transfer.formId} hidden={!transfer.showForm()} onSubmit={transfer.formSubmit}>
      <label class="toolbar-transfer-label oj-typography-body-sm" for={transfer.numberId}>
        {words.transferTo}
      </label>
      <input
        class="toolbar-dial-input"
        type="tel"
        autocomplete="off"
        placeholder={words.numberOrExtension}
        id={transfer.numberId}
        value={transfer.number()}
        onInput={transfer.numberInput}
      />
      {transfer.offersDirectory() && entries.length > 0 && (
        <fieldset class="toolbar-transfer-directory" onChange={transfer.pickChanged}>
          <legend class="oj-typography-body-sm">{words.pickFromDirectory}</legend>
          {entries.map((entry) => (
            <label class="toolbar-transfer-entry" key={entry.id}>
              <input type="radio" name={transfer.pickId} value={entry.id} checked={entry.id === transfer.picked()} />
              {entry.name}
            </label>
          ))}
        </fieldset>
      )}
      <div class="toolbar-card-actions">
        <oj-c-button class="toolbar-consult" label={words.consultFirst} disabled={waits} aria-describedby={describedBy(reason)} onojAction={transfer.consultFirst} />
        <oj-c-button class="toolbar-transfer-now" label={words.transferNow} disabled={waits} aria-describedby={describedBy(reason)} onojAction={transfer.transferNow} />
      </div>
    </form>
  );
}

function Keypad({ card, words }: { card: EngagementCard; words: Words }) {
  const blocked = card.blocked();
  return (
    <div class="toolbar-keypad" role="group" aria-label={words.keypadLabel} id={card.keypadId} hidden={!card.showKeypad()} onKeyDown={card.keypadKeydown}>
      {card.keys.map((key) => (
        <button type="button" class="toolbar-key" key={key} data-key={key} aria-label={card.keyName(key) ?? undefined} disabled={blocked} onClick={card.keyClicked}>
          {key}
        </button>
      ))}
      <p class="toolbar-keypad-sent oj-typography-body-sm">
        {words.keypadSent} <span class="toolbar-card-clock">{card.digitsSent() || '–'}</span>
      </p>
    </div>
  );
}
