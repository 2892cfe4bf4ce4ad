import { Annotations, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { IdentityProviders } from '../../identity-providers';
import { PostConfirmationTrigger, PreSignUpTrigger, PreTokenGenerationTrigger, TriggersOptions } from '../../triggers';
import type { AuthUserPool } from '../../user-pool/user-pool';
import type { CognitoAuthProps } from '../cognito-auth-props';
import { ownTriggers } from './own-triggers';
import { ConfigError } from '../../private/errors';
import { checkFunctionSettings, FunctionSettings, mergeFunctionSettings } from '../../private/function-settings';

/** The triggers of a `CognitoAuth`, and the function behind each operation. */
export interface WiredTriggers {
  readonly preSignUp?: PreSignUpTrigger;
  readonly postConfirmation?: PostConfirmationTrigger;
  readonly preTokenGeneration?: PreTokenGenerationTrigger;
  readonly functions: Map<string, lambda.IFunction>;
}

/**
 * Creates the bundled triggers in `scope` (construct ids PreSignUp, PostConfirmation, PreTokenGeneration, as in
 * every release) and attaches the user's own functions. Default groups reach admin-created users only through the
 * pre token generation trigger, since Cognito runs post confirmation only after a self sign-up.
 */
export function wireTriggers(
  scope: Construct,
  props: Pick<CognitoAuthProps, 'triggers' | 'selfSignUp' | 'bundledFunctions'>,
  pool: AuthUserPool,
  identityProviders: IdentityProviders | undefined,
): WiredTriggers {
  const userPool = pool.userPool;
  const own = props.triggers ?? {};
  const selfSignUp = props.selfSignUp ?? false;
  const wide = props.bundledFunctions;
  // Checked once here, named as given; each trigger checks what it ends up with, named as its own.
  if (wide) checkFunctionSettings('bundledFunctions', wide, Stack.of(scope).region);
  const withWide = <T extends FunctionSettings>(options: T | undefined) => (options ? mergeFunctionSettings(options, wide) : undefined);
  const triggers: TriggersOptions = {
    ...own,
    preSignUp: withWide(own.preSignUp),
    postConfirmation: withWide(own.postConfirmation),
    preTokenGeneration: withWide(own.preTokenGeneration),
  };
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
  for (const [operation, fn] of ownTriggers(triggers)) {
    userPool.addTrigger(operation, fn);
    functions.set(operation.operationName, fn);
  }
  return { preSignUp, postConfirmation, preTokenGeneration, functions };
}
