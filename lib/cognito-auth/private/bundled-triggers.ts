import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { IdentityProviders } from '../../identity-providers';
import { CustomMessageTrigger, PostConfirmationTrigger, PreSignUpTrigger, PreTokenGenerationTrigger, TriggersOptions } from '../../triggers';
import type { AuthUserPool } from '../../user-pool/user-pool';
import { ownTriggers } from './own-triggers';
import { ConfigError } from '../../private/errors';

/** The triggers of a `CognitoAuth`, and the function behind each operation. */
export interface WiredTriggers {
  readonly preSignUp?: PreSignUpTrigger;
  readonly postConfirmation?: PostConfirmationTrigger;
  readonly preTokenGeneration?: PreTokenGenerationTrigger;
  readonly customMessage?: CustomMessageTrigger;
  readonly functions: Map<string, lambda.IFunction>;
}

/**
 * Creates the bundled triggers in `scope` (construct ids PreSignUp, PostConfirmation, PreTokenGeneration, as in
 * every release) and attaches the user's own functions. Default groups reach admin-created users only through the
 * pre token generation trigger, since Cognito runs post confirmation only after a self sign-up.
 */
export function wireTriggers(
  scope: Construct,
  triggers: TriggersOptions,
  pool: AuthUserPool,
  selfSignUp: boolean,
  identityProviders: IdentityProviders | undefined,
): WiredTriggers {
  const userPool = pool.userPool;
  const functions = new Map<string, lambda.IFunction>();
  let preSignUp: PreSignUpTrigger | undefined;
  if (triggers.preSignUp) {
    preSignUp = new PreSignUpTrigger(scope, 'PreSignUp', {
      ...triggers.preSignUp,
      userPool,
      externalProviderNames: identityProviders?.enterpriseNames,
    });
    (triggers.preSignUp.linkProviders ?? []).forEach((name, i) => {
      if (!identityProviders?.tryFind(name)) {
        throw new ConfigError(
          `triggers.preSignUp.linkProviders[${i}] '${name}' is not an identity provider of this pool; providers: ` +
            `${identityProviders?.names.join(', ') || '(none)'}`,
        );
      }
    });
    functions.set(cognito.UserPoolOperation.PRE_SIGN_UP.operationName, preSignUp.function);
  }

  const defaultGroups = triggers.postConfirmation?.defaultGroups ?? [];
  const groupsAtSignIn = defaultGroups.length > 0 && triggers.preTokenGeneration !== undefined;
  if (defaultGroups.length > 0 && !groupsAtSignIn) {
    if (!selfSignUp) {
      throw new ConfigError(
        'triggers.postConfirmation.defaultGroups is set, but selfSignUp is false: Cognito runs post confirmation only for users who sign ' +
          'themselves up, never for users created with AdminCreateUser, so no user would join them; also set triggers.preTokenGeneration ' +
          '(which adds missing default groups at each sign-in), or turn on selfSignUp',
      );
    }
    Annotations.of(scope).addWarningV2(
      'cdk-cognito-auth:defaultGroupsSignUpOnly',
      'triggers.postConfirmation.defaultGroups reaches only users who sign themselves up: users created with AdminCreateUser never run post ' +
        'confirmation. Set triggers.preTokenGeneration so that they join at their first sign-in, or acknowledge this warning.',
    );
  }
  let postConfirmation: PostConfirmationTrigger | undefined;
  if (triggers.postConfirmation) {
    postConfirmation = new PostConfirmationTrigger(scope, 'PostConfirmation', { ...triggers.postConfirmation, userPool, groupsAtSignIn });
    functions.set(cognito.UserPoolOperation.POST_CONFIRMATION.operationName, postConfirmation.function);
  }
  let preTokenGeneration: PreTokenGenerationTrigger | undefined;
  if (triggers.preTokenGeneration) {
    preTokenGeneration = new PreTokenGenerationTrigger(scope, 'PreTokenGeneration', {
      ...triggers.preTokenGeneration,
      userPool,
      featurePlan: pool.featurePlan,
      customAttributeNames: pool.customAttributeNames,
      defaultGroups,
    });
    functions.set(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG.operationName, preTokenGeneration.function);
  }
  let customMessage: CustomMessageTrigger | undefined;
  if (triggers.messages) {
    if (triggers.customMessage) {
      throw new ConfigError('triggers has both messages (the bundled custom message trigger) and customMessage (your own function): a pool has one ' +
        'custom message trigger; give one of them');
    }
    customMessage = new CustomMessageTrigger(scope, 'CustomMessage', { ...triggers.messages, userPool });
    functions.set(cognito.UserPoolOperation.CUSTOM_MESSAGE.operationName, customMessage.function);
  }
  for (const [operation, fn] of ownTriggers(triggers)) {
    userPool.addTrigger(operation, fn);
    functions.set(operation.operationName, fn);
  }
  return { preSignUp, postConfirmation, preTokenGeneration, customMessage, functions };
}
