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

/** A logger whose lines the test can read. */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
  };
  return { log: createLogger({ info: push, warn: push, error: push }), lines };
}
