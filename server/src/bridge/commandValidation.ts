/**
 * The one validation of BridgeCommands, shared by POST /genesys/events (as the route's body validator) and by
 * WebSocket text frames, so both transports accept and refuse exactly the same input with the same messages.
 */
import type { ErrorObject } from 'ajv';
import {
  BRIDGE_COMMAND_TYPES,
  type BridgeCommand,
  type BridgeCommandType,
} from '../../../src/ts/cti/vendor/genesys/bridgeProtocol';
import { BridgeFailure } from './failure';
import { schemaCompiler } from './schemaCompiler';

const PRINTABLE_NOT_BLANK = '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$';

/** What each field must be, worded for error messages (the schema below says the same to ajv). */
const FIELD_RULES = {
  connectionId: { schema: { type: 'string', pattern: '^[0-9a-f]{16}$' }, wording: 'a ConnID: 16 lowercase hex digits' },
  destination: {
    schema: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
    wording: 'a number to dial: 1 to 64 printable characters',
  },
  // Printable and not blank: the same rule the toolbar applies to what the bridge pushes back.
  eventId: { schema: { type: 'string', minLength: 1, maxLength: 256, pattern: PRINTABLE_NOT_BLANK }, wording: 'a printable, non-blank text of 1 to 256 characters' },
  reasonCode: { schema: { type: 'string', minLength: 1, maxLength: 64, pattern: PRINTABLE_NOT_BLANK }, wording: 'a printable, non-blank text of 1 to 64 characters' },
} as const;

type FieldName = keyof typeof FIELD_RULES;

/** The fields of each command: [name, required]. Unknown extra fields are ignored (clients may add their own). */
const COMMAND_FIELDS: Readonly<Record<BridgeCommandType, ReadonlyArray<readonly [FieldName, boolean]>>> = {
  initialize: [],
  Accept: [['connectionId', true]],
  Reject: [['connectionId', true]],
  Hangup: [['connectionId', true]],
  Hold: [['connectionId', true]],
  Retrieve: [['connectionId', true]],
  MakeCall: [
    ['destination', true],
    ['eventId', false],
  ],
  Ready: [],
  NotReady: [['reasonCode', false]],
};

function branchSchema(type: BridgeCommandType): Record<string, unknown> {
  const fields = COMMAND_FIELDS[type];
  const properties: Record<string, unknown> = { type: { const: type } };
  for (const [name] of fields) properties[name] = FIELD_RULES[name].schema;
  const required = fields.filter(([, isRequired]) => isRequired).map(([name]) => name);
  return required.length > 0 ? { properties, required } : { properties };
}

/** The JSON schema of a command (a discriminated union on `type`); also documents the REST route. */
export const COMMAND_SCHEMA = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  discriminator: { propertyName: 'type' },
  oneOf: BRIDGE_COMMAND_TYPES.map(branchSchema),
} as const;

const isBridgeCommand = schemaCompiler.compile<BridgeCommand>(COMMAND_SCHEMA);

export type CommandCheck =
  | { readonly ok: true; readonly command: BridgeCommand }
  | { readonly ok: false; readonly failure: BridgeFailure };

/** Checks a parsed JSON value. */
export function checkCommand(value: unknown): CommandCheck {
  if (isBridgeCommand(value)) return { ok: true, command: value };
  const first = isBridgeCommand.errors?.[0];
  return { ok: false, failure: new BridgeFailure('BAD_REQUEST', first ? describe(first, value) : 'not a valid command') };
}

/** Reads a WebSocket text frame: BAD_JSON when it is not JSON, then the same checks as REST bodies. */
export function parseCommandFrame(text: string): CommandCheck & { readonly received?: unknown } {
  let received: unknown;
  try {
    received = JSON.parse(text);
  } catch {
    return { ok: false, failure: new BridgeFailure('BAD_JSON', 'the frame is not JSON') };
  }
  return { ...checkCommand(received), received };
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Echoes at most a short piece of client input in messages. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
