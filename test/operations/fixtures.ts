import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import { regionalStack } from '../support/helpers';

// What the tests of the production parts share: a CognitoAuth synthesized in a stack of eu-west-1, and its errors.

export const PLUS = { featurePlan: cognito.FeaturePlan.PLUS };
export const WEB = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] };

export function synth(props: CognitoAuthProps, after?: (auth: CognitoAuth, stack: Stack) => void) {
  const stack = regionalStack('eu-west-1');
  const auth = new CognitoAuth(stack, 'Auth', props);
  after?.(auth, stack);
  return { auth, stack, template: Template.fromStack(stack) };
}

export function expectError(props: CognitoAuthProps, message: string, stack: Stack = regionalStack('eu-west-1')) {
  expect(() => new CognitoAuth(stack, 'Auth', props)).toThrow(message);
}

export const only = (template: Template, type: string) => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};
