// The triggers' options: what every bundled trigger function takes, and the triggers as `CognitoAuth` takes them.
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { PostConfirmationOptions } from './post-confirmation';
import type { PreSignUpOptions } from './pre-sign-up';
import type { PreTokenGenerationOptions } from './pre-token-generation';

/** Settings every bundled trigger function takes. */
export interface TriggerFunctionOptions {
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Your own functions for the triggers Cognito runs where a sign-in is served (in a replica region too, where
 * `AuthReplicaRegion` takes functions of that region for them).
 */
export interface SignInTriggerFunctions {
  /** Your custom message function. @default - none */
  readonly customMessage?: lambda.IFunction;
  /** Your pre authentication function. @default - none */
  readonly preAuthentication?: lambda.IFunction;
  /** Your post authentication function. @default - none */
  readonly postAuthentication?: lambda.IFunction;
  /** Your define-auth-challenge function (custom authentication). @default - none */
  readonly defineAuthChallenge?: lambda.IFunction;
  /** Your create-auth-challenge function (custom authentication). @default - none */
  readonly createAuthChallenge?: lambda.IFunction;
  /** Your verify-auth-challenge-response function (custom authentication). @default - none */
  readonly verifyAuthChallengeResponse?: lambda.IFunction;
}

/**
 * Lambda triggers, as `CognitoAuth` takes them: the three bundled ones by their settings, any other one by a
 * function of your own.
 */
export interface TriggersOptions extends SignInTriggerFunctions {
  /**
   * The bundled pre sign-up trigger.
   * @default - none
   */
  readonly preSignUp?: PreSignUpOptions;
  /**
   * The bundled post confirmation trigger.
   * @default - none
   */
  readonly postConfirmation?: PostConfirmationOptions;
  /**
   * The bundled pre token generation trigger.
   * @default - none
   */
  readonly preTokenGeneration?: PreTokenGenerationOptions;
  /** Your user migration function. @default - none */
  readonly userMigration?: lambda.IFunction;
  /** Your custom email sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customEmailSender?: lambda.IFunction;
  /** Your custom SMS sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customSmsSender?: lambda.IFunction;
}
