/** The core's messages in Japanese (see ../callMessages.ts). */
import type { CallMessageCatalog } from '../../../cti/core/agentMessages';

const ja: CallMessageCatalog = {
  said: '{text}',

  // What failed, and why: the lead, then the reason as a sentence of its own.
  failedBecause: '{lead}。{reason}',
  reasonLinkDown: '{vendor}との接続が切断されています（{said}）。接続が回復してから再試行してください。',
  reasonTimeout: '{vendor}から時間内に応答がありませんでした（{said}）。通話の状態を確認してから再試行してください。',
  reasonNotFound: 'この通話は{vendor}上に存在しなくなりました（{said}）。',
  reasonUnauthorized: '{vendor}でサインインが承認されませんでした（{said}）。',
  reasonNotSupported: '{vendor}ではこの操作を実行できません（{said}）。',
  vendorGaveNoReason: '{vendor}から理由が示されませんでした',

  // The leads: what the agent asked for that did not happen.
  couldNotAccept: '通話に応答できませんでした',
  couldNotReject: '通話を拒否できませんでした',
  couldNotHangup: '通話を切断できませんでした',
  couldNotHold: '通話を保留にできませんでした',
  couldNotResume: '通話を再開できませんでした',
  couldNotMute: 'ミュートできませんでした',
  couldNotUnmute: 'ミュートを解除できませんでした',
  couldNotDigits: '番号を送信できませんでした',
  couldNotTransfer: '通話を転送できませんでした',
  couldNotCompleteTransfer: '転送を完了できませんでした',
  couldNotConference: '会議を開始できませんでした',
  couldNotCancelTransfer: '転送を取り消せませんでした',
  couldNotListDestinations: '転送先の一覧を取得できませんでした',
  couldNotFinishAfterCallWork: '後処理を完了できませんでした',
  couldNotMakeAvailable: '対応可能に変更できませんでした',
  couldNotMakeUnavailable: '対応不可に変更できませんでした',
  couldNotListReasons: '対応不可の理由の一覧を取得できませんでした',
  couldNotRestoreAvailable: '{vendor}との接続が回復する前は対応可能でしたが、ツールバーで対応可能に戻せませんでした',
  couldNotRestoreUnavailable: '{vendor}との接続が回復する前は対応不可でしたが、ツールバーで対応不可に戻せませんでした',
  offerTimedOutNotEnded: 'Fusionで{number}からの着信がタイムアウトしましたが、通話を終了できませんでした',
  callNotPlaced: '発信できませんでした',

  // A call request that cannot be made in the call's state.
  callHasEnded: '通話はすでに終了しています。',
  alreadyAnswered: '通話はすでに応答済みです。代わりに切断してください。',
  finishTransferFirst: '転送の処理中です。先に転送を完了するか、会議にするか、取り消してください。',
  outgoingCannotBeAnswered: '発信通話には応答できません。',
  notAnsweredYet: '通話はまだ応答されていません。',
  noTransferUnderWay: '処理中の転送はありません。',
  customerWaitsWhileConsulting: '相談中は顧客が待機しています。転送を完了するか、会議にするか、取り消してください。',
  customerHeldWhileConsulting: '相談中は顧客が保留になっています。',
  transferAlreadyUnderWay: 'すでに転送の処理中です。',
  heldNoKeypad: '通話は保留中です。キーパッドを使用する前に通話を再開してください。',
  heldNoTransfer: '通話は保留中です。転送する前に通話を再開してください。',
  targetNotAnswered: '転送先がまだ応答していません。しばらく待つか、転送を取り消してください。',
  conferenceNoHold: '会議はツールバーから保留にできません。',
  alreadyConference: '通話はすでに会議になっています。',
  alreadyConferenceLeave: '通話はすでに会議になっています。退出するには切断してください。',
  digitsCallNotConnected: '番号を送信できませんでした。通話の接続が切れています。',

  // A request already under way on the call.
  busyAnswering: '応答を処理中です。お待ちください。',
  busyDeclining: '拒否を処理中です。お待ちください。',
  busyHangingUp: '切断を処理中です。お待ちください。',
  busyHolding: '保留を処理中です。お待ちください。',
  busyResuming: '通話の再開を処理中です。お待ちください。',
  busyTransferring: '転送を処理中です。お待ちください。',
  busyCompletingTransfer: '転送の完了を処理中です。お待ちください。',
  busyCancellingTransfer: '転送の取消を処理中です。お待ちください。',
  busyConferencing: '会議の開始を処理中です。お待ちください。',

  // What the phone system cannot do at all.
  noVendor: 'テレフォニ・ベンダーが構成されていません。',
  cannotHold: '{vendor}では通話を保留にできません。',
  cannotMute: '{vendor}ではツールバーからミュートできません。',
  cannotSendDigits: '{vendor}ではキーパッドの番号を送信できません。',
  cannotTransfer: '{vendor}では通話を転送できません。',
  cannotConference: '{vendor}では会議を利用できません。',
  cannotDial: '{vendor}ではツールバーから発信できません。',
  noSuchReason: '{vendor}には対応不可の理由「{reason}」がありません。',
  takesNoReason: '{vendor}では対応不可の理由を指定できません。',

  // Input the toolbar cannot use.
  noSuchCall: '通話{call}は存在しません。',
  notATransferKind: '「{mode}」は有効な転送の種類ではありません。',
  transferWithoutDestination: '転送先を指定せずに転送が要求されました。',
  reasonOnlyWhenUnavailable: '理由は対応不可の場合にのみ指定できます。',
  notAReason: '「{reason}」は有効な理由ではありません。',
  notAPhoneNumber: '「{number}」は有効な電話番号ではありません。',
  typeADigit: '数字を1つ以上入力してください。',
  tooManyDigits: '一度に送信できる番号は{max}桁までです。',
  notAKeypadKey: '「{key}」はキーパッドのキーではありません。0-9、*、#、またはポーズ用のカンマを使用してください。',
  chooseTransferDestination: '転送先を選択してください。',
  typeTransferNumber: '転送先の番号または内線番号を入力してください。',
  notATransferNumber: '「{number}」は転送先の番号として使用できません。',
  unusableDirectoryEntry: 'この転送先には、電話システムで使用できるIDと名前がありません。',

  // What happened on a call.
  partyRefused: '{party}が通話を拒否しました。顧客との通話は継続しています。',
  partyBusy: '{party}は話し中です。顧客との通話は継続しています。',
  partyNoAnswer: '{party}が応答しませんでした。顧客との通話は継続しています。',
  partyHungUp: '{party}が切断しました。顧客との通話は継続しています。',
  partyFailed: '{party}に接続できませんでした。顧客との通話は継続しています。',
  partyDropped: '{party}との接続が切れました。顧客との通話は継続しています。',
  dialFailed: '発信できませんでした。{reason}',
  dialFailedOddly: '発信できませんでした。{reason}（電話システムからの報告内容が想定外でした：{oddity}）',
  noReasonGiven: '電話システムから理由が示されませんでした',
  refusalOdd: '{message}（{vendor}からの拒否応答が想定外でした：{oddity}）',

  // The agent's identity and presence.
  identityMismatch:
    '対応可能にできません。Fusionには{fusionAgent}としてサインインしていますが、{vendor}には{vendorAgent}としてサインインしています。「エージェントの切替え」をクリックし、{vendor}に{fusionAgent}としてサインインしてください。',

  // The links to Fusion and to the phone system.
  couldNotConnect: '{vendor}に接続できませんでした：{detail}',
  unusableReport: '電話システムから、ツールバーで使用できない報告を受信したため無視しました（{problem}）。',
  fusionDidNotTake: 'Fusionが{what}を受け入れませんでした：{detail}',
  fusionDidNotTakeState: 'Fusionがエージェント状態「{state}」を受け入れませんでした：{detail}',
  fusionDidNotTakeReadiness: 'Fusionがツールバーの準備完了を受け入れませんでした：{detail}',
  unknownCommand: 'ツールバーはコマンド「{command}」をサポートしていません。',
  unknownAgentCommand: 'ツールバーはエージェント・コマンド「{command}」をサポートしていません。',
  commandWithoutCall: 'コマンド「{command}」で対象の通話が指定されていません。',
  callIdTooLong: 'コマンド「{command}」の通話IDは{length}文字です。ツールバーで使用できるのは{max}文字までです。',
  dialWithoutNumber: 'Fusionからダイヤルする番号の指定なしで発信が要求されました。',
  dialCallIdTooLong: 'Fusionから{number}への発信が{length}文字の通話IDで要求されました。ツールバーで使用できるのは{max}文字までです。',
  commandFailed: 'ツールバーはFusionのコマンドを実行できませんでした：{detail}',

  // Amazon Connect (vendor/amazon/).
  amazonSignInElsewhere: 'このブラウザの別のタブで{url}のAmazon Connectにサインインしてください。サインインするとツールバーが接続します。',
  amazonPopupBlocked:
    'Amazon Connectのサインイン・ウィンドウが開きませんでした。ブラウザがブロックした可能性があります。{origin}のポップアップを許可するか、別のタブで{url}にサインインしてください。サインインするとツールバーが接続します。',
  amazonSignedOut: 'Amazon Connectからサインアウトしています。{url}（またはツールバーの「Amazon Connect CCP」セクション）でサインインしてください。ツールバーは自動的に再接続します。',
  amazonCcpNotAnswering:
    '{url}のAmazon Connect CCPが{seconds}秒以内に応答しませんでした。amazon.ccpUrl、このツールバーのアドレス（{origin}）がインスタンスの承認済みオリジンに含まれていること、およびサインインしていることを確認してください。',
  amazonCcpNotLoaded:
    '{url}のAmazon Connect CCPを読み込めませんでした。Amazon Connectにサインインし、amazon.ccpUrlとインスタンスの承認済みオリジンを確認してから、ツールバーを再読み込みしてください。',
  amazonUnknownCallState: 'Amazon Connectが、ツールバーの認識しない状態（「{state}」）で通話{call}を報告しました。着信中として表示します。この通話にはCCPを使用してください。',
  amazonCallWithoutCustomer: 'Amazon Connectから顧客の接続のない通話（コンタクト{contact}）を受信したため、ツールバーに表示できません。この通話にはCCPを使用してください。',
  amazonCouldNotRelease: '顧客が通話{number}から退出しましたが、Amazon Connectであなたを通話から外せませんでした。CCPで切断してください。',
  amazonCouldNotReleaseBecause: '顧客が通話{number}から退出しましたが、Amazon Connectであなたを通話から外せませんでした（{detail}）。CCPで切断してください。',
  amazonCouldNotClose: 'Amazon Connectで通話{number}を閉じられませんでした。CCPで閉じてください。',
  amazonCouldNotCloseBecause: 'Amazon Connectで通話{number}を閉じられませんでした（{detail}）。CCPで閉じてください。',
  amazonCouldNotFollow: 'ツールバーはAmazon Connectからの{what}を反映できませんでした（{detail}）。',

  // Genesys Engage (vendor/genesys/).
  genesysUnusableFrame: 'Genesysブリッジから、ツールバーで使用できないメッセージを受信したため無視しました（{problem}）。',
  genesysTServerLinkDown: 'T-Serverとの接続が切断されています。接続が回復するまで通話を操作できません。',
  genesysLateCallHungUp: '{number}への発信は、ツールバーが待機を終了した後に接続されたため、切断しました。',
  genesysLateCallNotHungUp: '{number}への発信は、ツールバーが待機を終了した後に接続され、切断できませんでした（{detail}）。電話機で終了してください。',
  genesysLeftoverNotHungUp: '顧客が退出しましたが、{number}との通話を切断できませんでした（{detail}）。電話機で終了してください。',
};

export = ja;
