import { Annotations, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { IdentityProviders } from '../../identity-providers';
import {
  CustomMessageTrigger, EmailSenderTrigger, InboundFederationTrigger, PostConfirmationTrigger, PreSignUpTrigger, PreTokenGenerationTrigger,
  SmsSenderTrigger, TriggersOptions, UserMigrationTrigger,
} from '../../triggers';
import type { AuthUserPool } from '../../user-pool/user-pool';
import type { CognitoAuthProps } from '../cognito-auth-props';
import { checkRulesAgainstPool } from './federation-checks';
import { wireMigration } from './migration';
export { customAttributesOf } from './migration';
import { ownTriggers } from './own-triggers';
import { protectedAttributesOf } from './protected-attributes';
import { ConfigError } from '../../private/errors';
import { checkFunctionSettings, FunctionSettings, mergeFunctionSettings } from '../../private/function-settings';

/**
 * The inbound federation trigger's operation: aws-cdk-lib's `UserPoolOperation` has no constant for it, and
 * `triggerFunction` finds the function under this one.
 */
export const INBOUND_FEDERATION = cognito.UserPoolOperation.of('inboundFederation');

/** The triggers of a `CognitoAuth`, and the function behind each operation. */
export interface WiredTriggers {
  readonly preSignUp?: PreSignUpTrigger;
  readonly postConfirmation?: PostConfirmationTrigger;
  readonly preTokenGeneration?: PreTokenGenerationTrigger;
  readonly customMessage?: CustomMessageTrigger;
  readonly emailSender?: EmailSenderTrigger;
  readonly smsSender?: SmsSenderTrigger;
  readonly inboundFederation?: InboundFederationTrigger;
  readonly migration?: UserMigrationTrigger;
  readonly functions: Map<string, lambda.IFunction>;
}

/**
 * Creates the bundled triggers in `scope` (construct ids PreSignUp, PostConfirmation, PreTokenGeneration, as in
 * every release) and attaches the user's own functions. Default groups reach admin-created users only through the
 * pre token generation trigger, since Cognito runs post confirmation only after a self sign-up.
 */
export function wireTriggers(
  scope: Construct,
  props: CognitoAuthProps,
  pool: AuthUserPool,
  identityProviders: IdentityProviders | undefined,
  customSenderKmsKey: kms.IKey | undefined,
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
    messages: withWide(own.messages),
    emailSender: withWide(own.emailSender),
    smsSender: withWide(own.smsSender),
    inboundFederation: withWide(own.inboundFederation),
    migration: withWide(own.migration),
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
  let customMessage: CustomMessageTrigger | undefined;
  if (triggers.messages) {
    if (triggers.customMessage) {
      throw new ConfigError('triggers has both messages (the bundled custom message trigger) and customMessage (your own function): a pool has one ' +
        'custom message trigger; give one of them');
    }
    customMessage = new CustomMessageTrigger(scope, 'CustomMessage', { ...triggers.messages, userPool });
    functions.set(cognito.UserPoolOperation.CUSTOM_MESSAGE.operationName, customMessage.function);
  }
  let emailSender: EmailSenderTrigger | undefined;
  if (triggers.emailSender) {
    emailSender = new EmailSenderTrigger(scope, 'EmailSender', { ...triggers.emailSender, userPool, kmsKey: customSenderKmsKey! });
    functions.set(cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER.operationName, emailSender.function);
  }
  let smsSender: SmsSenderTrigger | undefined;
  if (triggers.smsSender) {
    smsSender = new SmsSenderTrigger(scope, 'SmsSender', { ...triggers.smsSender, userPool, kmsKey: customSenderKmsKey! });
    functions.set(cognito.UserPoolOperation.CUSTOM_SMS_SENDER.operationName, smsSender.function);
  }
  let inboundFederation: InboundFederationTrigger | undefined;
  if (triggers.inboundFederation) {
    // The trigger checks the rules by themselves first, so a rule refused with no pool gets the same message here.
    inboundFederation = new InboundFederationTrigger(scope, 'InboundFederation', { ...triggers.inboundFederation, userPool });
    checkRulesAgainstPool(triggers.inboundFederation.rules, identityProviders, protectedAttributesOf(props), triggers.preSignUp);
    functions.set(INBOUND_FEDERATION.operationName, inboundFederation.function);
  }
  const migration = wireMigration(scope, triggers, userPool, functions, protectedAttributesOf(props));
  for (const [operation, fn] of ownTriggers(triggers)) {
    userPool.addTrigger(operation, fn);
    functions.set(operation.operationName, fn);
  }
  return { preSignUp, postConfirmation, preTokenGeneration, customMessage, emailSender, smsSender, inboundFederation, migration, functions };
}

/**
 * The pool's custom sender key: `customSenderKmsKey` when given; with a bundled sender and none given, a key created
 * here (construct id CustomSenderKey), with rotation on. A bundled sender is refused beside your own function for the
 * same trigger (a pool has one of each).
 */
export function customSenderKey(scope: Construct, props: CognitoAuthProps): kms.IKey | undefined {
  const triggers = props.triggers ?? {};
  for (const [bundled, own] of [['emailSender', 'customEmailSender'], ['smsSender', 'customSmsSender']] as const) {
    if (triggers[bundled] !== undefined && triggers[own] !== undefined) {
      throw new ConfigError(`triggers has both ${bundled} (the bundled sender) and ${own} (your own function): a pool has one ${own} trigger; ` +
        'give one of them');
    }
  }
  const bundled = triggers.emailSender !== undefined || triggers.smsSender !== undefined;
  if (props.customSenderKmsKey !== undefined || !bundled) return props.customSenderKmsKey;
  return new kms.Key(scope, 'CustomSenderKey', {
    description: 'Encrypts the codes Cognito gives the custom sender triggers (cdk-cognito-auth)',
    enableKeyRotation: true,
  });
}
