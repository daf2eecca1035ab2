/**
 * The JSON schema of a BridgeCommand, built from the field rules: the bridge compiles it to validate POST
 * /genesys/events bodies and WebSocket text frames alike; it also documents the REST route. A discriminated union on
 * `type`; unknown extra fields are ignored (clients may add their own).
 */
import { BRIDGE_COMMAND_TYPES, type BridgeCommandType } from './bridgeProtocol';
import { FIELD_RULES, textSchema, type FieldName } from './fieldRules';

/** The fields of each command: [name, required]. */
const COMMAND_FIELDS: Readonly<Record<BridgeCommandType, ReadonlyArray<readonly [FieldName, boolean]>>> = {
  initialize: [],
  Accept: [['connectionId', true]],
  Reject: [['connectionId', true]],
  Hangup: [['connectionId', true]],
  Hold: [['connectionId', true]],
  Retrieve: [['connectionId', true]],
  SendDTMF: [
    ['connectionId', true],
    ['digits', true],
  ],
  SingleStepTransfer: [
    ['connectionId', true],
    ['destination', true],
  ],
  InitiateTransfer: [
    ['connectionId', true],
    ['destination', true],
  ],
  InitiateConference: [
    ['connectionId', true],
    ['destination', true],
  ],
  CompleteTransfer: [
    ['connectionId', true],
    ['consultConnectionId', true],
  ],
  CompleteConference: [
    ['connectionId', true],
    ['consultConnectionId', true],
  ],
  Reconnect: [
    ['connectionId', true],
    ['consultConnectionId', true],
  ],
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
  for (const [name] of fields) properties[name] = textSchema(FIELD_RULES[name]);
  const required = fields.filter(([, isRequired]) => isRequired).map(([name]) => name);
  return required.length > 0 ? { properties, required } : { properties };
}

export const COMMAND_SCHEMA = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  discriminator: { propertyName: 'type' },
  oneOf: BRIDGE_COMMAND_TYPES.map(branchSchema),
} as const;
