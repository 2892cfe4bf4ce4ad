import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { CfnUserPoolRiskConfigurationAttachment } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { riskConfigurationProperties, validateRiskConfiguration } from './private/risk-checks';
import type { RiskConfigurationOptions } from './risk-configuration-options';

/** Props for `AuthRiskConfiguration`. */
export interface AuthRiskConfigurationProps extends RiskConfigurationOptions {
  /** The user pool. It must be on the Plus plan with threat protection in full-function mode for the rules to act. */
  readonly userPool: cognito.IUserPool;
  /**
   * The one app client this configuration is for. A client with its own configuration no longer follows the
   * pool-wide one (Cognito does not merge them).
   * @default - every app client of the pool without its own configuration (ClientId `ALL`)
   */
  readonly client?: cognito.IUserPoolClient;
}

/**
 * A user pool's threat protection rules (`AWS::Cognito::UserPoolRiskConfigurationAttachment`): what Cognito does
 * with compromised credentials and at each risk level, the notification emails, and IP ranges always allowed or
 * always blocked; for every app client (ClientId `ALL`) or one. The props are checked against SetRiskConfiguration's
 * limits; that the pool is on the Plus plan with full-function threat protection is checked by `CognitoAuth`
 * (`threatProtectionRules`), which knows the pool's settings.
 */
export class AuthRiskConfiguration extends Construct {
  /** The attachment. */
  public readonly attachment: CfnUserPoolRiskConfigurationAttachment;

  constructor(scope: Construct, id: string, props: AuthRiskConfigurationProps) {
    super(scope, id);
    try {
      checkProps('AuthRiskConfigurationProps', props);
      validateRiskConfiguration('', props);
      this.attachment = new CfnUserPoolRiskConfigurationAttachment(this, 'Resource', {
        userPoolId: props.userPool.userPoolId,
        clientId: props.client?.userPoolClientId ?? 'ALL',
        ...riskConfigurationProperties(props),
      });
    } catch (err) {
      throw located(this, err);
    }
  }
}
