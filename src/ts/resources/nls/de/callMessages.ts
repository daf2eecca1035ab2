/** The core's messages in German (see ../callMessages.ts). */
import type { CallMessageCatalog } from '../../../cti/core/agentMessages';

const de: CallMessageCatalog = {
  said: '{text}',

  // What failed, and why: "{lead}: {reason}".
  failedBecause: '{lead}: {reason}',
  reasonLinkDown: 'Die Verbindung zu {vendor} ist unterbrochen ({said}). Versuchen Sie es erneut, sobald sie wieder besteht.',
  reasonTimeout: '{vendor} hat nicht rechtzeitig geantwortet ({said}). Prüfen Sie den Anruf, bevor Sie es erneut versuchen.',
  reasonNotFound: 'Der Anruf ist bei {vendor} nicht mehr vorhanden ({said}).',
  reasonUnauthorized: '{vendor} hat Ihre Anmeldung nicht akzeptiert ({said}).',
  reasonNotSupported: '{vendor} unterstützt das nicht ({said}).',
  vendorGaveNoReason: '{vendor} hat keinen Grund angegeben',

  // The leads: what the agent asked for that did not happen.
  couldNotAccept: 'Anruf konnte nicht angenommen werden',
  couldNotReject: 'Anruf konnte nicht abgelehnt werden',
  couldNotHangup: 'Auflegen nicht möglich',
  couldNotHold: 'Anruf konnte nicht gehalten werden',
  couldNotResume: 'Anruf konnte nicht fortgesetzt werden',
  couldNotMute: 'Stummschalten nicht möglich',
  couldNotUnmute: 'Stummschaltung konnte nicht aufgehoben werden',
  couldNotDigits: 'Ziffern konnten nicht gesendet werden',
  couldNotTransfer: 'Anruf konnte nicht weitergeleitet werden',
  couldNotCompleteTransfer: 'Weiterleitung konnte nicht abgeschlossen werden',
  couldNotConference: 'Konferenz konnte nicht gestartet werden',
  couldNotCancelTransfer: 'Weiterleitung konnte nicht abgebrochen werden',
  couldNotListDestinations: 'Weiterleitungsziele konnten nicht abgerufen werden',
  couldNotFinishAfterCallWork: 'Nachbearbeitung konnte nicht abgeschlossen werden',
  couldNotMakeAvailable: 'Status „Verfügbar“ konnte nicht gesetzt werden',
  couldNotMakeUnavailable: 'Status „Nicht verfügbar“ konnte nicht gesetzt werden',
  couldNotListReasons: 'Gründe für „Nicht verfügbar“ konnten nicht abgerufen werden',
  couldNotRestoreAvailable:
    'Sie waren vor der Wiederherstellung der Verbindung zu {vendor} verfügbar, aber die Symbolleiste konnte Sie nicht wieder auf „Verfügbar“ setzen',
  couldNotRestoreUnavailable:
    'Sie waren vor der Wiederherstellung der Verbindung zu {vendor} nicht verfügbar, aber die Symbolleiste konnte Sie nicht wieder auf „Nicht verfügbar“ setzen',
  offerTimedOutNotEnded: 'Das Anrufangebot von {number} in Fusion ist abgelaufen, und der Anruf konnte nicht beendet werden',
  callNotPlaced: 'Der Anruf konnte nicht getätigt werden',

  // A call request that cannot be made in the call's state.
  callHasEnded: 'Der Anruf ist bereits beendet.',
  alreadyAnswered: 'Der Anruf ist bereits angenommen: Legen Sie stattdessen auf.',
  finishTransferFirst: 'Eine Weiterleitung läuft: Schließen Sie sie zuerst ab, wandeln Sie sie in eine Konferenz um oder brechen Sie sie ab.',
  outgoingCannotBeAnswered: 'Ein ausgehender Anruf kann nicht angenommen werden.',
  notAnsweredYet: 'Der Anruf wurde noch nicht angenommen.',
  noTransferUnderWay: 'Es läuft keine Weiterleitung.',
  customerWaitsWhileConsulting:
    'Der Kunde wartet während Ihrer Rückfrage: Schließen Sie die Weiterleitung ab, wandeln Sie sie in eine Konferenz um oder brechen Sie sie ab.',
  customerHeldWhileConsulting: 'Der Kunde wird während Ihrer Rückfrage gehalten.',
  transferAlreadyUnderWay: 'Es läuft bereits eine Weiterleitung.',
  heldNoKeypad: 'Der Anruf wird gehalten: Setzen Sie ihn fort, bevor Sie das Tastenfeld verwenden.',
  heldNoTransfer: 'Der Anruf wird gehalten: Setzen Sie ihn fort, bevor Sie ihn weiterleiten.',
  targetNotAnswered: 'Das Weiterleitungsziel hat noch nicht angenommen: Warten Sie oder brechen Sie die Weiterleitung ab.',
  conferenceNoHold: 'Eine Konferenz kann nicht über die Symbolleiste gehalten werden.',
  alreadyConference: 'Der Anruf ist bereits eine Konferenz.',
  alreadyConferenceLeave: 'Der Anruf ist bereits eine Konferenz: Legen Sie auf, um sie zu verlassen.',
  digitsCallNotConnected: 'Die Ziffern wurden nicht gesendet: Der Anruf ist nicht mehr verbunden.',

  // A request already under way on the call.
  busyAnswering: 'Bitte warten: Der Anruf wird gerade angenommen.',
  busyDeclining: 'Bitte warten: Der Anruf wird gerade abgelehnt.',
  busyHangingUp: 'Bitte warten: Es wird gerade aufgelegt.',
  busyHolding: 'Bitte warten: Der Anruf wird gerade auf Halten gesetzt.',
  busyResuming: 'Bitte warten: Der Anruf wird gerade fortgesetzt.',
  busyTransferring: 'Bitte warten: Eine Weiterleitung läuft.',
  busyCompletingTransfer: 'Bitte warten: Die Weiterleitung wird gerade abgeschlossen.',
  busyCancellingTransfer: 'Bitte warten: Die Weiterleitung wird gerade abgebrochen.',
  busyConferencing: 'Bitte warten: Die Konferenz wird gerade hergestellt.',

  // What the phone system cannot do at all.
  noVendor: 'Es ist kein Telefonieanbieter konfiguriert.',
  cannotHold: '{vendor} kann Anrufe nicht halten.',
  cannotMute: '{vendor} kann Sie nicht über die Symbolleiste stummschalten.',
  cannotSendDigits: '{vendor} kann keine Ziffern über das Tastenfeld senden.',
  cannotTransfer: '{vendor} kann keine Anrufe weiterleiten.',
  cannotConference: '{vendor} unterstützt keine Konferenzen.',
  cannotDial: '{vendor} kann keine Anrufe über die Symbolleiste tätigen.',
  noSuchReason: '{vendor} kennt keinen Grund „{reason}“ für „Nicht verfügbar“.',
  takesNoReason: '{vendor} akzeptiert keinen Grund für „Nicht verfügbar“.',

  // Input the toolbar cannot use.
  noSuchCall: 'Es gibt keinen Anruf {call}.',
  notATransferKind: '„{mode}“ ist keine Weiterleitungsart.',
  transferWithoutDestination: 'Eine Weiterleitung wurde ohne Ziel angefordert.',
  reasonOnlyWhenUnavailable: 'Ein Grund kann nur bei „Nicht verfügbar“ angegeben werden.',
  notAReason: '„{reason}“ ist kein gültiger Grund.',
  notAPhoneNumber: '„{number}“ ist keine gültige Telefonnummer.',
  typeADigit: 'Geben Sie mindestens eine Ziffer ein.',
  tooManyDigits: 'Senden Sie höchstens {max} Ziffern auf einmal.',
  notAKeypadKey: '„{key}“ ist keine Taste des Tastenfelds: Verwenden Sie 0-9, * und # oder ein Komma für eine Pause.',
  chooseTransferDestination: 'Wählen Sie aus, wohin der Anruf weitergeleitet werden soll.',
  typeTransferNumber: 'Geben Sie die Nummer oder Durchwahl ein, an die der Anruf weitergeleitet werden soll.',
  notATransferNumber: '„{number}“ ist keine Nummer, an die weitergeleitet werden kann.',
  unusableDirectoryEntry: 'Dieses Weiterleitungsziel hat keine ID und keinen Namen, die die Telefonanlage verwenden kann.',

  // What happened on a call.
  partyRefused: '{party} hat den Anruf abgelehnt. Der Kunde ist weiterhin in der Leitung.',
  partyBusy: '{party} ist besetzt. Der Kunde ist weiterhin in der Leitung.',
  partyNoAnswer: '{party} hat nicht abgenommen. Der Kunde ist weiterhin in der Leitung.',
  partyHungUp: '{party} hat aufgelegt. Der Kunde ist weiterhin in der Leitung.',
  partyFailed: '{party} konnte nicht erreicht werden. Der Kunde ist weiterhin in der Leitung.',
  partyDropped: 'Die Verbindung zu {party} wurde getrennt. Der Kunde ist weiterhin in der Leitung.',
  dialFailed: 'Der Anruf konnte nicht getätigt werden: {reason}',
  dialFailedOddly: 'Der Anruf konnte nicht getätigt werden: {reason} (die Meldung der Telefonanlage dazu war ungewöhnlich: {oddity})',
  noReasonGiven: 'Die Telefonanlage hat keinen Grund angegeben',
  refusalOdd: '{message} (die Ablehnung durch {vendor} war ungewöhnlich: {oddity})',

  // The agent's identity and presence.
  presenceNoVendor: 'Kein Telefonieanbieter konfiguriert',
  presenceConnecting: 'Verbindung zur Telefonanlage wird hergestellt',
  presenceAvailable: 'Verfügbar',
  presenceNotReady: 'Nicht verfügbar',
  presenceNotReadyCode: 'Nicht verfügbar ({code})',
  presenceLoggedOut: 'Abgemeldet',
  presenceMissedCall: 'Anruf verpasst',
  presenceCallFailed: 'Anruf konnte nicht verbunden werden',
  presenceCustomerUnreachable: 'Kunde nicht erreichbar',
  presenceError: 'Fehler',
  identityMismatch:
    'Sie können nicht verfügbar werden: In Fusion sind Sie als {fusionAgent} angemeldet, bei {vendor} aber als {vendorAgent}. Klicken Sie auf „Agent wechseln“, und melden Sie sich bei {vendor} als {fusionAgent} an.',

  // The links to Fusion and to the phone system.
  couldNotConnect: 'Verbindung zu {vendor} konnte nicht hergestellt werden: {detail}',
  unusableReport: 'Die Telefonanlage hat eine Meldung gesendet, die die Symbolleiste nicht verwenden kann ({problem}); sie wird ignoriert.',
  fusionDidNotTake: 'Fusion hat {what} nicht akzeptiert: {detail}',
  fusionDidNotTakeState: 'Fusion hat den Agentenstatus „{state}“ nicht akzeptiert: {detail}',
  fusionDidNotTakeReadiness: 'Fusion hat die Bereitschaft der Symbolleiste nicht akzeptiert: {detail}',
  unknownCommand: 'Die Symbolleiste unterstützt den Befehl „{command}“ nicht.',
  unknownAgentCommand: 'Die Symbolleiste unterstützt den Agentenbefehl „{command}“ nicht.',
  commandWithoutName: 'Fusion hat einen Befehl gesendet, ohne ihn zu benennen.',
  agentCommandWithoutName: 'Fusion hat einen Agentenbefehl gesendet, ohne ihn zu benennen.',
  commandWithoutCall: 'Der Befehl „{command}“ gibt nicht an, für welchen Anruf er gilt.',
  callIdTooLong: 'Der Befehl „{command}“ nennt eine Anruf-ID mit {length} Zeichen; die Symbolleiste akzeptiert höchstens {max}.',
  dialWithoutNumber: 'Fusion hat einen Anruf angefordert, ohne die zu wählende Nummer anzugeben.',
  dialCallIdTooLong: 'Fusion hat einen Anruf an {number} mit einer Anruf-ID mit {length} Zeichen angefordert; die Symbolleiste akzeptiert höchstens {max}.',
  commandFailed: 'Die Symbolleiste konnte den Befehl von Fusion nicht ausführen: {detail}',

  // Amazon Connect (vendor/amazon/).
  amazonSignInElsewhere: 'Melden Sie sich in einem anderen Tab dieses Browsers unter {url} bei Amazon Connect an; die Symbolleiste verbindet sich, sobald Sie angemeldet sind.',
  amazonPopupBlocked:
    'Das Anmeldefenster von Amazon Connect wurde nicht geöffnet: Der Browser hat es eventuell blockiert. Erlauben Sie Pop-ups für {origin} oder melden Sie sich in einem anderen Tab unter {url} an; die Symbolleiste verbindet sich, sobald Sie angemeldet sind.',
  amazonSignedOut: 'Sie sind bei Amazon Connect abgemeldet. Melden Sie sich unter {url} an (oder im Bereich „Amazon Connect CCP“ der Symbolleiste); die Symbolleiste verbindet sich von selbst wieder.',
  amazonCcpNotAnswering:
    'Das Amazon Connect CCP unter {url} hat nicht innerhalb von {seconds} s geantwortet. Prüfen Sie amazon.ccpUrl, ob die Adresse dieser Symbolleiste ({origin}) zu den zugelassenen Ursprüngen der Instanz gehört und ob Sie angemeldet sind.',
  amazonCcpNotLoaded:
    'Das Amazon Connect CCP unter {url} konnte nicht geladen werden. Melden Sie sich bei Amazon Connect an, prüfen Sie amazon.ccpUrl und die zugelassenen Ursprünge der Instanz, und laden Sie die Symbolleiste dann neu.',
  amazonUnknownCallState: 'Amazon Connect meldet den Anruf {call} in einem Zustand, den die Symbolleiste nicht kennt („{state}“); er wird als klingelnd angezeigt. Verwenden Sie dafür das CCP.',
  amazonCallWithoutCustomer: 'Amazon Connect hat einen Anruf (Kontakt {contact}) ohne die Verbindung des Kunden gesendet; die Symbolleiste kann ihn nicht anzeigen. Verwenden Sie für diesen Anruf das CCP.',
  amazonCouldNotRelease: 'Der Kunde hat den Anruf {number} verlassen, aber Amazon Connect konnte Sie nicht aus dem Anruf nehmen; legen Sie im CCP auf.',
  amazonCouldNotReleaseBecause: 'Der Kunde hat den Anruf {number} verlassen, aber Amazon Connect konnte Sie nicht aus dem Anruf nehmen ({detail}); legen Sie im CCP auf.',
  amazonCouldNotClose: 'Amazon Connect konnte den Anruf {number} nicht schließen; schließen Sie ihn im CCP.',
  amazonCouldNotCloseBecause: 'Amazon Connect konnte den Anruf {number} nicht schließen ({detail}); schließen Sie ihn im CCP.',
  amazonCouldNotFollow: 'Die Symbolleiste konnte {what} von Amazon Connect nicht verfolgen ({detail}).',

  // Genesys Engage (vendor/genesys/).
  genesysUnusableFrame: 'Die Genesys-Bridge hat eine Nachricht gesendet, die die Symbolleiste nicht verwenden kann ({problem}); sie wurde ignoriert.',
  genesysTServerLinkDown: 'Die Verbindung zum T-Server ist unterbrochen: Anrufe können erst wieder gesteuert werden, wenn sie zurück ist.',
  genesysLateCallHungUp: 'Der Anruf an {number} wurde aufgebaut, nachdem die Symbolleiste das Warten darauf aufgegeben hatte; er wurde aufgelegt.',
  genesysLateCallNotHungUp: 'Der Anruf an {number} wurde aufgebaut, nachdem die Symbolleiste das Warten darauf aufgegeben hatte, und konnte nicht aufgelegt werden ({detail}); beenden Sie ihn am Telefon.',
  genesysLeftoverNotHungUp: 'Der Kunde hat aufgelegt, und der Anruf mit {number} konnte nicht beendet werden ({detail}); beenden Sie ihn am Telefon.',

  // Anmelden (signin/): die Zeile unter der Schaltfläche „Anmelden“.
  signInBlocked: 'Der Browser hat das Anmeldefenster blockiert. Erlauben Sie Pop-ups für {origin} und klicken Sie dann erneut auf „Anmelden“.',
  signInInWindow: 'Melden Sie sich in dem Fenster an, das sich geöffnet hat.',
  signInFailed: 'Anmeldung nicht möglich: {detail}',
  signInTookTooLong: 'Die Anmeldung hat länger als {seconds} s gedauert. Klicken Sie auf „Anmelden“, um es erneut zu versuchen.',
  signInWindowCutOff: 'Das Anmeldefenster wurde geschlossen, oder die Anmeldeseiten haben es von der Symbolleiste getrennt. Schließen Sie die Anmeldung dort ab, oder klicken Sie auf „Anmelden“, um neu zu beginnen.',
  signInIncomplete: 'Die Anmeldung wurde nicht abgeschlossen: {detail}',
  signInExpired: 'Ihre Anmeldung ist abgelaufen. Klicken Sie auf „Anmelden“, um sich erneut anzumelden.',
  signInEndsAt: 'Ihre Anmeldung endet um {time}. Klicken Sie auf „Anmelden“, um verbunden zu bleiben.',
  signInNotRenewed: 'Ihre Anmeldung konnte nicht verlängert werden ({detail}). Sie endet um {time}: Klicken Sie auf „Anmelden“, um verbunden zu bleiben.',
  signInRefused: '{reason}. Klicken Sie auf „Anmelden“, um sich erneut anzumelden.',
  signInWindowClosed: 'das Anmeldefenster wurde geschlossen',
  signInRenewedForOther: 'die Anmeldung wurde für „{renewed}“ verlängert, nicht für „{agent}“',
  signInNoAuthorizationEndpoint: '{issuer} veröffentlicht keinen Autorisierungsendpunkt',
  signInNoAgentClaim: 'das ID-Token hat keinen Claim „{claim}“, der den Agenten nennt (genesys.signIn.agentClaim)',
  signInNoLifetime: 'das Zugriffstoken hat keine Gültigkeitsdauer (expires_in)',
  signInNoIdToken: 'der Identitätsanbieter hat kein ID-Token gesendet',
  signInProviderUnreachable: 'der Identitätsanbieter unter {issuer} war nicht erreichbar ({detail})',
  gwsSessionEnded: 'Ihre Genesys-Sitzung wurde beendet: Melden Sie sich erneut an.',
  gwsSessionRenewing: 'Ihre Genesys-Sitzung wurde beendet: Sie wird erneuert…',
  gwsAnswerNotOurs: 'die Antwort gehört nicht zu dieser Anmeldung (ihr State weicht ab)',
  gwsRefusedSignIn: 'Genesys hat die Anmeldung abgelehnt ({error})',
  gwsNoCode: 'Genesys hat keinen Code zurückgegeben',
  gwsNoAgent: 'die Genesys-Bridge hat nicht gesagt, wer sich angemeldet hat',
  gwsBridgeSlow: 'die Genesys-Bridge hat nicht innerhalb von {seconds} s geantwortet',
  gwsBridgeUnreachable: 'die Genesys-Bridge war nicht erreichbar ({detail})',
  gwsBridgeStatus: 'die Genesys-Bridge hat mit HTTP {status} geantwortet',
  gwsBridgeNoToken: 'die Genesys-Bridge hat ohne brauchbares Token geantwortet',
};

export = de;
