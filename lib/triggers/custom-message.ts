import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import type { FunctionSettings } from '../private/function-settings';
import type { CustomMessageConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { buildMessagesConfig, hasEmailTemplates } from './private/templates';
import type { CustomMessageOptions } from './triggers-options';

/** Props for a standalone `CustomMessageTrigger`. */
export interface CustomMessageTriggerProps extends CustomMessageOptions {
  /**
   * The user pool to attach the trigger to: a `cognito.UserPool` defined in this app, since a trigger is attached with
   * `UserPool.addTrigger` (an imported pool is refused).
   */
  readonly userPool: cognito.IUserPool;
}

/** What the templates take from the environment: they travel in the function's one config variable. */
export const TEMPLATES_SIZE_HINT =
  'the templates travel in the function\'s environment: shorten them (an HTML body\'s markup and styles count) or give fewer locales';

/**
 * The bundled custom message trigger: Cognito's messages (sign-up, invitation, resent code, forgotten password,
 * attribute update and verification, sign-in code) from your templates, in the user's locale. Cognito keeps putting in
 * the code. Its role has no permission beyond its own logs, and it makes no network call.
 */
export class CustomMessageTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  private readonly config: CustomMessageConfig;
  private readonly settings: FunctionSettings;
  /** The settings a replica region's function takes too: not the VPC or the log key, which belong to this region. */
  private readonly replicaSettings: FunctionSettings;

  constructor(scope: Construct, id: string, props: CustomMessageTriggerProps) {
    super(scope, id);
    try {
      checkProps('CustomMessageTriggerProps', props, 'triggers.messages');
      const userPool = triggerUserPool('userPool', props.userPool);
      const prop = 'triggers.messages';
      const pool = userPool.node.defaultChild as cognito.CfnUserPool;
      const verification = pool.verificationMessageTemplate as cognito.CfnUserPool.VerificationMessageTemplateProperty | undefined;
      this.config = buildMessagesConfig(prop, props, {
        linkVerification: verification?.defaultEmailOption === cognito.VerificationEmailStyle.LINK,
      });
      // The developer guide's "Custom message Lambda trigger" page: emailMessage and emailSubject are accepted only when
      // the pool's EmailSendingAccount is DEVELOPER (its own SES configuration); otherwise Cognito answers
      // InvalidLambdaResponseException and the message is not sent.
      const email = pool.emailConfiguration as cognito.CfnUserPool.EmailConfigurationProperty | undefined;
      if (hasEmailTemplates(this.config) && email?.emailSendingAccount !== 'DEVELOPER') {
        throw new ConfigError(
          `${prop}.templates has email templates, but the pool sends email with Cognito's default account: Cognito takes a custom message ` +
            'trigger\'s email subject and body only from a pool that sends through Amazon SES (email: UserPoolEmail.withSES(...)); send through ' +
            'SES or give SMS templates only',
        );
      }
      this.settings = props;
      this.replicaSettings = {
        logRetention: props.logRetention, tracing: props.tracing, reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      };
      this.function = this.createFunction(this, 'Handler', 'Cognito custom message trigger (cdk-cognito-auth)', this.settings, userPool);
      userPool.addTrigger(cognito.UserPoolOperation.CUSTOM_MESSAGE, this.function);
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * The same trigger for a replica region, in `scope` (a stack of that region): Cognito runs the custom message trigger
   * wherever it sends a message, so a replica needs a function of its own. `AuthReplicaRegion` calls it.
   * @param scope where the function is created: a construct in a stack of the replica's region
   * @param id a construct id, unique in `scope`
   */
  public functionForReplica(scope: Construct, id: string): lambda.IFunction {
    return this.createFunction(scope, id, 'Cognito custom message trigger, replica region (cdk-cognito-auth)', this.replicaSettings);
  }

  private createFunction(
    scope: Construct, id: string, description: string, settings: FunctionSettings, userPool?: cognito.IUserPool,
  ): lambda.IFunction {
    return new BundledFunction(scope, id, {
      handler: 'custom-message',
      description,
      config: () => this.config,
      configProp: 'triggers.messages',
      configHint: TEMPLATES_SIZE_HINT,
      settings,
      // It only answers its event: no call over the network.
      calls: [],
      synchronousCaller: 'Cognito',
      userPool,
    }).function;
  }
}
