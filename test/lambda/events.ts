/**
 * Real-shaped Cognito trigger events, typed with @types/aws-lambda, as Cognito sends them (version, region,
 * caller context, request and the empty response Cognito fills in).
 */
import type {
  PostConfirmationTriggerEvent,
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
  PreTokenGenerationV3TriggerEvent,
} from 'aws-lambda';
import { createLogger, type Logger } from '../../lambda/shared/log';

export const POOL_ID = 'eu-west-1_AbCdEf123';

const base = (version: string, userName: string) => ({
  version,
  region: 'eu-west-1',
  userPoolId: POOL_ID,
  userName,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
});

export function preSignUpEvent(
  triggerSource: PreSignUpTriggerEvent['triggerSource'],
  userAttributes: Record<string, string>,
  userName = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
): PreSignUpTriggerEvent {
  return {
    ...base('1', userName),
    triggerSource,
    request: { userAttributes, validationData: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  } as PreSignUpTriggerEvent;
}

export function postConfirmationEvent(
  triggerSource: PostConfirmationTriggerEvent['triggerSource'],
  userAttributes: Record<string, string> = { 'sub': 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', 'email': 'jane@example.com', 'email_verified': 'true', 'cognito:user_status': 'CONFIRMED' },
): PostConfirmationTriggerEvent {
  return {
    ...base('1', 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'),
    triggerSource,
    request: { userAttributes },
    response: {},
  } as PostConfirmationTriggerEvent;
}

type UserSource = PreTokenGenerationTriggerEvent['triggerSource'];

export function preTokenV1Event(triggerSource: UserSource, userAttributes: Record<string, string>, groups: string[]): PreTokenGenerationTriggerEvent {
  return {
    ...base('1', 'jane'),
    triggerSource,
    request: { userAttributes, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined } },
    response: { claimsOverrideDetails: {} },
  } as PreTokenGenerationTriggerEvent;
}

export function preTokenV2Event(
  triggerSource: UserSource,
  userAttributes: Record<string, string>,
  groups: string[],
  version: '2' | '3' = '2',
): PreTokenGenerationV2TriggerEvent {
  return {
    ...base(version, 'jane'),
    triggerSource,
    request: { userAttributes, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined }, scopes: ['openid', 'email'] },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

export function clientCredentialsEvent(): PreTokenGenerationV3TriggerEvent {
  return {
    ...base('3', '1example23456789'),
    triggerSource: 'TokenGeneration_ClientCredentials',
    request: { userAttributes: {}, groupConfiguration: {}, scopes: ['orders/read'] },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV3TriggerEvent;
}

type LogRecord = import('../../lambda/shared/log').LogRecord;

/**
 * A logger whose records the test can read: `records` as the logger handed them to the console (one object per
 * call), `lines` as each would read in the log (its JSON text), to search for anything that must not be there.
 */
export function recordingLogger(): { log: Logger; records: LogRecord[]; lines: string[] } {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const push = (record: LogRecord, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof record !== 'object' || record === null) throw new Error('the logger must hand the console one object per call');
    records.push(record);
    lines.push(JSON.stringify(record));
  };
  return { log: createLogger({ info: push, warn: push, error: push }), records, lines };
}

/**
 * A stand-in for the pool's keys address that answers every connection by closing it, so each fetch fails at once;
 * it counts the connections.
 */
export async function refusingKeysServer(): Promise<{ jwksUri: string; connections: () => number; close: () => Promise<void> }> {
  const net = require('net') as typeof import('net');
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwksUri: `https://127.0.0.1:${(server.address() as import('net').AddressInfo).port}/.well-known/jwks.json`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type CustomMessageSource = import('aws-lambda').CustomMessageTriggerEvent['triggerSource'];

/** A custom message event as Cognito sends it: its placeholders in the request, an empty response. */
export function customMessageEvent(
  triggerSource: CustomMessageSource,
  userAttributes: Record<string, string> = { sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', email: 'jane@example.com', email_verified: 'true' },
): import('aws-lambda').CustomMessageTriggerEvent {
  return {
    ...base('1', 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'),
    triggerSource,
    request: {
      userAttributes,
      codeParameter: '{####}',
      linkParameter: '{##Click Here##}',
      usernameParameter: triggerSource === 'CustomMessage_AdminCreateUser' ? '{username}' : null,
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  } as import('aws-lambda').CustomMessageTriggerEvent;
}

/** A custom sender event as Cognito sends it: the code encrypted (base64), the user's attributes. */
export function senderEvent<S extends string>(triggerSource: S, code: string | null, userAttributes: Record<string, string>, userName = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111') {
  return {
    ...base('1', userName),
    triggerSource,
    request: { type: 'customEmailSenderRequestV1', code, userAttributes, clientMetadata: {} },
  };
}
