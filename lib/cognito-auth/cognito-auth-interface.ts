import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { AuthWebAcl, UserActivityLogs } from '../operations';
import type { CustomMessageTrigger, PreTokenGenerationTrigger } from '../triggers';
import type { AuthUserPool } from '../user-pool';

/**
 * A `CognitoAuth` as the constructs built on one read it (`AuthReplicaRegion`): its user pool, its triggers and the
 * production parts Cognito sets per region. `CognitoAuth` implements it.
 */
export interface ICognitoAuth extends IConstruct {
  /** The user pool construct, with its settings (its replicas, key and plan). */
  readonly authUserPool: AuthUserPool;
  /**
   * The bundled pre token generation trigger, when configured: a replica region runs it again.
   * @default - none
   */
  readonly preTokenGenerationTrigger?: PreTokenGenerationTrigger;
  /**
   * The bundled custom message trigger, when configured: a replica region runs it again.
   * @default - none
   */
  readonly customMessageTrigger?: CustomMessageTrigger;
  /**
   * The web ACL created for the pool, when there is one.
   * @default - none
   */
  readonly webAcl?: AuthWebAcl;
  /**
   * The user activity log export, when there is one.
   * @default - none
   */
  readonly userActivityLogs?: UserActivityLogs;

  /**
   * The function attached for a trigger operation (bundled or your own), or undefined when there is none.
   * @param operation the trigger, for example `UserPoolOperation.CUSTOM_MESSAGE`
   */
  triggerFunction(operation: cognito.UserPoolOperation): lambda.IFunction | undefined;
}
