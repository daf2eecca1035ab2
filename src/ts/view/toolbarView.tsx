/**
 * The toolbar as the agent sees it, drawn from the view model with Preact (JET's virtual DOM): the link and presence,
 * the phone system's sign-in, the error line, the dial field, the calls, the recent calls and the ringing settings.
 * Every value is read from the view model's observables, so that a render inside a watch (root.ts) draws again when one
 * it read changes; the view holds no state of its own.
 */
import 'oj-c/button';
import type { ToolbarViewModel } from '../toolbarViewModel';
import { CallCard } from './callCard';

export function ToolbarView({ view }: { view: ToolbarViewModel }) {
  const words = view.words;
  const cards = view.engagements();
  const recent = view.recentCalls();
  return (
    <>
      <h1 class="oj-helper-hidden-accessible">{words.toolbarName}</h1>
      <Header view={view} />
      {view.signInOffered() && <SignInPanel view={view} />}
      {view.errorText() && (
        <div class="toolbar-error" role="alert">
          <span class="toolbar-error-text">{view.errorText()}</span>
          <button type="button" class="toolbar-error-dismiss" aria-label={words.dismissMessage} onClick={view.dismissError}>
            ×
          </button>
        </div>
      )}
      {view.canDial() && (
        <form class="toolbar-dial" onSubmit={view.dialSubmit}>
          <label for="dial-number" class="oj-helper-hidden-accessible">
            {words.numberToCall}
          </label>
          <input
            id="dial-number"
            class="toolbar-dial-input"
            type="tel"
            autocomplete="off"
            placeholder={words.numberToCall}
            value={view.dialNumber()}
            onInput={view.dialInput}
          />
          <oj-c-button label={words.call} chroming="callToAction" disabled={view.dialEmpty()} onojAction={view.dial} />
        </form>
      )}
      <p id="shortcut-help" class="oj-helper-hidden-accessible">
        {words.shortcutHelp}
      </p>
      <section class="toolbar-calls" aria-label={words.calls} aria-describedby="shortcut-help" tabindex={-1}>
        {view.started() && cards.length === 0 && <p class="toolbar-empty oj-typography-body-sm">{words.noCalls}</p>}
        {cards.map((card) => (
          <CallCard key={card.eventId} card={card} words={words} />
        ))}
      </section>
      {recent.length > 0 && (
        <details class="toolbar-recent">
          <summary>{words.recentCalls}</summary>
          <ul class="toolbar-recent-list" aria-label={words.recentCalls}>
            {recent.map((call) => (
              <li class="toolbar-recent-call" key={call.eventId} data-outcome={call.outcome}>
                <span class="toolbar-recent-who">{call.title}</span>
                <span class="toolbar-recent-what oj-typography-body-sm">{call.detail}</span>
                {call.canCallBack && (
                  <oj-c-button class="toolbar-call-back" label={words.callBack} aria-label={call.callBackLabel} size="sm" onojAction={call.callBack} />
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      <details class="toolbar-settings">
        <summary>{words.ringing}</summary>
        <p class="toolbar-setting">
          <input id="ring-aloud" type="checkbox" checked={view.ringtoneOn()} onChange={view.ringtoneChanged} />
          <label for="ring-aloud">{words.ringAloud}</label>
        </p>
        <p class="toolbar-setting">
          <input id="ring-notify" type="checkbox" checked={view.notifyOn()} onChange={view.notifyChanged} />
          <label for="ring-notify">{words.notifyWhenHidden}</label>
        </p>
        <p class="toolbar-setting-message oj-typography-body-sm" role="status">
          {view.ringMessage()}
        </p>
      </details>
    </>
  );
}

function Header({ view }: { view: ToolbarViewModel }) {
  const words = view.words;
  const enabled = view.availabilityEnabled();
  const reasons = view.reasons();
  return (
    <header class="toolbar-header">
      <div class="toolbar-status">
        <span class="toolbar-link" data-link={view.linkStatus()} aria-hidden="true"></span>
        <span class="toolbar-vendor" id="vendor-status">
          {view.vendorLine()}
        </span>
        {view.agentLine() && (
          <span class="toolbar-agent oj-typography-body-sm" id="signed-in-agent">
            {view.agentLine()}
          </span>
        )}
      </div>
      <div class="toolbar-presence">
        <button type="button" id="availability" class="toolbar-switch" role="switch" aria-checked={view.availableChecked()} disabled={!enabled} onClick={view.toggleAvailability}>
          <span class="toolbar-switch-track" aria-hidden="true">
            <span class="toolbar-switch-thumb"></span>
          </span>
          <span class="toolbar-switch-label">{words.available}</span>
          <span class="toolbar-switch-state" aria-hidden="true">
            {view.availableState()}
          </span>
        </button>
        {view.presenceText() && <span class="toolbar-presence-text oj-typography-body-sm">{view.statusLine()}</span>}
      </div>
      {reasons.length > 0 && (
        <details class="toolbar-reasons">
          <summary>{words.notAvailableBecause}</summary>
          <fieldset class="toolbar-reasons-list" onChange={view.reasonChosen}>
            <legend class="oj-helper-hidden-accessible">{words.notAvailableBecauseLegend}</legend>
            {reasons.map((reason) => (
              <label class="toolbar-transfer-entry" key={reason.code}>
                <input type="radio" name="not-ready-reason" value={reason.code} disabled={!enabled} checked={reason.code === view.shownReason()} />
                {reason.name}
              </label>
            ))}
          </fieldset>
        </details>
      )}
    </header>
  );
}

function SignInPanel({ view }: { view: ToolbarViewModel }) {
  const words = view.words;
  return (
    <section class="toolbar-signin" id="sign-in-panel" aria-label={words.phoneSignIn}>
      <span class="toolbar-signin-line oj-typography-body-sm">{view.signInLine()}</span>
      {view.showSignIn() && (
        <button type="button" id="sign-in" class="toolbar-signin-button" onClick={view.signIn}>
          {words.signIn}
        </button>
      )}
      {view.showSwitchAgent() && (
        <button type="button" class="toolbar-signin-switch" onClick={view.switchAgent}>
          {words.switchAgent}
        </button>
      )}
      {/* A live region that is always there, so that a screen reader says each new message (a blocked window…). */}
      <span class="toolbar-signin-message oj-typography-body-sm" role="status">
        {view.signInMessage()}
      </span>
    </section>
  );
}
