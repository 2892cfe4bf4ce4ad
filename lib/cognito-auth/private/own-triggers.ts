import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { TriggersOptions } from '../../triggers/triggers-options';

/** The user-supplied triggers of `TriggersOptions`, with the operation each one is attached to. */
export function ownTriggers(options: TriggersOptions): [cognito.UserPoolOperation, lambda.IFunction][] {
  const pairs: [cognito.UserPoolOperation, lambda.IFunction | undefined][] = [
    [cognito.UserPoolOperation.CUSTOM_MESSAGE, options.customMessage],
    [cognito.UserPoolOperation.PRE_AUTHENTICATION, options.preAuthentication],
    [cognito.UserPoolOperation.POST_AUTHENTICATION, options.postAuthentication],
    [cognito.UserPoolOperation.DEFINE_AUTH_CHALLENGE, options.defineAuthChallenge],
    [cognito.UserPoolOperation.CREATE_AUTH_CHALLENGE, options.createAuthChallenge],
    [cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE, options.verifyAuthChallengeResponse],
    [cognito.UserPoolOperation.USER_MIGRATION, options.userMigration],
    [cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER, options.customEmailSender],
    [cognito.UserPoolOperation.CUSTOM_SMS_SENDER, options.customSmsSender],
  ];
  return pairs.filter((p): p is [cognito.UserPoolOperation, lambda.IFunction] => p[1] !== undefined);
}
