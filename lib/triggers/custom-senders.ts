import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import { acknowledgeWildcards } from '../private/compliance';
import type { FunctionSettings } from '../private/function-settings';
import type { EmailSenderConfig, SmsSenderConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { TEMPLATES_SIZE_HINT } from './custom-message';
import { allowCognitoToEncrypt } from './private/sender-key';
import { buildMessagesConfig } from './private/templates';
import { SmsType, type EmailSenderOptions, type SmsSenderOptions } from './triggers-options';

/** What a standalone sender takes besides its settings: the pool and the pool's custom sender key. */
export interface CustomSenderTriggerProps {
  /** The user pool: a `cognito.UserPool` of this app (an imported pool is refused). */
  readonly userPool: cognito.IUserPool;
  /**
   * The pool's custom sender KMS key (the `customSenderKmsKey` it was created with): Cognito encrypts each code with
   * it, and the function may decrypt with it.
   */
  readonly kmsKey: kms.IKey;
}

/** Props for a standalone `EmailSenderTrigger`. */
export interface EmailSenderTriggerProps extends EmailSenderOptions, CustomSenderTriggerProps {}

/** Props for a standalone `SmsSenderTrigger`. */
export interface SmsSenderTriggerProps extends SmsSenderOptions, CustomSenderTriggerProps {}

/** An email address as SES takes a sender: local@domain, without a display name. */
const EMAIL = /^[^\s@<>"]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/;
/** SES configuration set names: letters, digits, hyphens and underscores, at most 64 (SES API, CreateConfigurationSet). */
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;
/** SNS sender ids: 1 to 11 letters and digits, at least one letter (the Amazon SNS developer guide, "Sender ID"). */
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;

/** The function of a sender, attached to the pool, with kms:Decrypt on the pool's key only. */
function senderFunction(
  scope: Construct, props: CustomSenderTriggerProps & FunctionSettings, kind: 'email' | 'SMS', config: () => object,
) {
  const userPool = triggerUserPool('userPool', props.userPool);
  const prop = kind === 'email' ? 'triggers.emailSender' : 'triggers.smsSender';
  allowCognitoToEncrypt(scope, props.kmsKey);
  const fn = new BundledFunction(scope, 'Handler', {
    handler: kind === 'email' ? 'custom-email-sender' : 'custom-sms-sender',
    description: `Cognito custom ${kind} sender trigger (cdk-cognito-auth)`,
    config,
    configProp: prop,
    configHint: TEMPLATES_SIZE_HINT,
    settings: props,
    calls: ['kms', kind === 'email' ? 'email' : 'sns'],
    // Cognito waits for its triggers (the Lambda operator guide lists it among the synchronous invokers).
    synchronousCaller: 'Cognito',
    userPool,
  });
  fn.addPolicy(scope, 'KeyPolicy', [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.kmsKey.keyArn] })]);
  userPool.addTrigger(kind === 'email' ? cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER : cognito.UserPoolOperation.CUSTOM_SMS_SENDER, fn.function);
  return fn;
}

/**
 * The bundled custom email sender: Cognito hands it every email's code encrypted with the pool's custom sender key;
 * it decrypts the code (AWS Encryption SDK, KMS keyring), renders your template in the user's locale (the built-in
 * English message where there is none) and sends it through Amazon SES. Its role may decrypt with that key and send
 * as the SES identity (and configuration set) only.
 */
export class EmailSenderTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: EmailSenderTriggerProps) {
    super(scope, id);
    try {
      checkProps('EmailSenderTriggerProps', props, 'triggers.emailSender');
      const prop = 'triggers.emailSender';
      const domain = Token.isUnresolved(props.fromAddress) ? undefined : EMAIL.exec(props.fromAddress)?.[1];
      if (!Token.isUnresolved(props.fromAddress) && domain === undefined) {
        throw new ConfigError(`${prop}.fromAddress '${props.fromAddress}' is invalid: give the email address of an SES identity ` +
          '(no-reply@example.com)');
      }
      const identity = props.sesIdentity ?? domain;
      if (identity === undefined) throw new ConfigError(`${prop}.sesIdentity is needed when fromAddress is a token: give the SES identity`);
      if (props.configurationSet !== undefined && !Token.isUnresolved(props.configurationSet) && !CONFIGURATION_SET.test(props.configurationSet)) {
        throw new ConfigError(`${prop}.configurationSet '${props.configurationSet}' is invalid: SES names a configuration set with 1 to 64 ` +
          'letters, digits, hyphens and underscores');
      }
      const messages = buildMessagesConfig(prop, props, { linkVerification: false }, true);
      const config: EmailSenderConfig = {
        ...messages,
        keyArn: props.kmsKey.keyArn,
        fromAddress: props.fromAddress,
        ...(props.configurationSet !== undefined ? { configurationSet: props.configurationSet } : {}),
      };
      const fn = senderFunction(this, props, 'email', () => config);
      // SESv2 SendEmail is authorized as ses:SendEmail on the identity and on the configuration set (the service
      // authorization reference for Amazon SES v2); nothing else.
      const stack = Stack.of(this);
      const arn = (resource: string, resourceName: string) =>
        stack.formatArn({ service: 'ses', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
      fn.addPolicy(this, 'SendPolicy', [new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [arn('identity', identity), ...(props.configurationSet !== undefined ? [arn('configuration-set', props.configurationSet)] : [])],
      })]);
      this.function = fn.function;
    } catch (err) {
      throw located(this, err);
    }
  }
}

/**
 * The bundled custom SMS sender: Cognito hands it every SMS's code encrypted with the pool's custom sender key; it
 * decrypts the code, renders your template in the user's locale (the built-in English message where there is none)
 * and publishes it through Amazon SNS to the user's phone number. Its role may decrypt with that key, and publish to
 * phone numbers but to no topic: SNS has no resource for a phone number, so the publish is allowed on `*` and every
 * topic denied.
 */
export class SmsSenderTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: SmsSenderTriggerProps) {
    super(scope, id);
    try {
      checkProps('SmsSenderTriggerProps', props, 'triggers.smsSender');
      const prop = 'triggers.smsSender';
      if (props.senderId !== undefined && !Token.isUnresolved(props.senderId) && !SENDER_ID.test(props.senderId)) {
        throw new ConfigError(`${prop}.senderId '${props.senderId}' is invalid: a sender id has 1 to 11 letters and digits, at least one letter`);
      }
      const messages = buildMessagesConfig(prop, props, { linkVerification: false }, true);
      const config: SmsSenderConfig = {
        ...messages,
        keyArn: props.kmsKey.keyArn,
        smsType: props.smsType ?? SmsType.TRANSACTIONAL,
        ...(props.senderId !== undefined ? { senderId: props.senderId } : {}),
      };
      const fn = senderFunction(this, props, 'SMS', () => config);
      const topics = Arn.format({ service: 'sns', resource: '*', region: '*', account: '*', partition: Stack.of(this).partition });
      const publish = new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] });
      const policy = fn.addPolicy(this, 'SendPolicy', [
        publish,
        new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: [topics] }),
      ]);
      acknowledgeWildcards(policy.node.defaultChild as iam.CfnPolicy, [{
        statement: publish,
        reason: 'SNS authorizes a publish to a phone number on no resource (the service authorization reference for Amazon SNS), so the ' +
          'allow names *; the policy denies publishing to every topic beside it.',
      }]);
      this.function = fn.function;
    } catch (err) {
      throw located(this, err);
    }
  }
}
