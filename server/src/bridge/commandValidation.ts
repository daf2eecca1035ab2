/**
 * The one validation of BridgeCommands, shared by POST /genesys/events (as the route's body validator) and by
 * WebSocket text frames, so both transports accept and refuse exactly the same input with the same messages. The
 * schema and the field rules' wording come from the shared protocol (protocol/), which the toolbar checks by too.
 */
import type { ErrorObject } from 'ajv';
import { BRIDGE_COMMAND_TYPES, type BridgeCommand } from '../../../protocol/bridgeProtocol';
import { COMMAND_SCHEMA } from '../../../protocol/commandSchema';
import { FIELD_RULES, type FieldName } from '../../../protocol/fieldRules';
import { isRecord } from '../../../protocol/jsonRecord';
import { BridgeFailure } from './failure';
import { schemaCompiler } from './schemaCompiler';

const isBridgeCommand = schemaCompiler.compile<BridgeCommand>(COMMAND_SCHEMA);

export type CommandCheck =
  | { readonly ok: true; readonly command: BridgeCommand }
  | { readonly ok: false; readonly failure: BridgeFailure };

/** Checks a parsed JSON value. */
export function checkCommand(value: unknown): CommandCheck {
  if (isBridgeCommand(value)) return { ok: true, command: value };
  const first = isBridgeCommand.errors?.[0];
  if (!first) return { ok: false, failure: new BridgeFailure('BAD_REQUEST', 'not a valid command') };
  return { ok: false, failure: new BridgeFailure('BAD_REQUEST', describe(first, value), undefined, undefined, fieldOf(first)) };
}

/** The command field an error is about: the one missing, or the one malformed. */
function fieldOf(error: ErrorObject): FieldName | undefined {
  const name = error.keyword === 'required' && error.instancePath === '' ? String(error.params.missingProperty) : error.instancePath.slice(1);
  return isFieldName(name) ? name : undefined;
}

/** Reads a WebSocket text frame: BAD_JSON when it is not JSON, then the same checks as REST bodies. */
export function parseCommandFrame(text: string): CommandCheck & { readonly received?: unknown } {
  let received: unknown;
  try {
    received = JSON.parse(text);
  } catch {
    return { ok: false, failure: new BridgeFailure('BAD_JSON', 'the frame is not JSON') };
  }
  // Built directly rather than spread from checkCommand's answer: every frame a session sends passes here.
  const check = checkCommand(received);
  return check.ok ? { ok: true, command: check.command, received } : { ok: false, failure: check.failure, received };
}

function describe(error: ErrorObject, value: unknown): string {
  const commandType = isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
  if (error.keyword === 'discriminator') {
    return `unknown command type "${clip(commandType ?? '')}"; known types: ${BRIDGE_COMMAND_TYPES.join(', ')}`;
  }
  if (error.instancePath === '') {
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty);
      return missing === 'type'
        ? 'a command needs a "type"'
        : `${commandType} needs "${missing}"${isFieldName(missing) ? `, ${FIELD_RULES[missing].wording}` : ''}`;
    }
    return 'a command must be a JSON object';
  }
  const field = error.instancePath.slice(1);
  if (field === 'type') return '"type" must be a string';
  return isFieldName(field) ? `"${field}" must be ${FIELD_RULES[field].wording}` : `"${field}" ${error.message ?? 'is invalid'}`;
}

function isFieldName(name: string): name is FieldName {
  return Object.prototype.hasOwnProperty.call(FIELD_RULES, name);
}

/** Echoes at most a short piece of client input in messages. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
