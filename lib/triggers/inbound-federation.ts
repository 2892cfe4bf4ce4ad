import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import { ConfigError, located } from '../private/errors';
import { INBOUND_FEDERATION_VERSION } from '../private/handler-config';
import { checkProps } from '../private/props-check';
import { checkFederationRules } from './private/federation-rules';
import type { InboundFederationOptions } from './triggers-options';

/** Props for a standalone `InboundFederationTrigger`. */
export interface InboundFederationTriggerProps extends InboundFederationOptions {
  /** The user pool: a `cognito.UserPool` of this app (an imported pool is refused). */
  readonly userPool: cognito.IUserPool;
}

/** Pools that have an inbound federation trigger: a pool has one. */
const attached = new WeakSet<cognito.UserPool>();

/**
 * The bundled inbound federation trigger: Cognito hands it what an identity provider sent (SAML assertion attributes,
 * or an OIDC or social provider's ID token claims and userInfo answer) before it maps them to the user's attributes;
 * it applies your rules (rename, lowercase, groups joined into one attribute) and answers the result. It logs attribute
 * names, never a value. Its role has no permission beyond its own logs, and it makes no network call.
 */
export class InboundFederationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: InboundFederationTriggerProps) {
    super(scope, id);
    try {
      checkProps('InboundFederationTriggerProps', props, 'triggers.inboundFederation');
      const prop = 'triggers.inboundFederation';
      const userPool = triggerUserPool('userPool', props.userPool);
      if (attached.has(userPool)) {
        throw new ConfigError(
          `the user pool '${userPool.node.path}' has an inbound federation trigger already: a pool has one; give all the rules to it`,
        );
      }
      const config = checkFederationRules(prop, props.rules);
      const fn = new BundledFunction(this, 'Handler', {
        handler: 'inbound-federation',
        description: 'Cognito inbound federation trigger (cdk-cognito-auth)',
        config: () => config,
        configProp: prop,
        configHint: 'give fewer rules or shorter attribute names',
        settings: props,
        // It only answers its event: no call over the network.
        calls: [],
        synchronousCaller: 'Cognito',
        userPool,
      });
      this.function = fn.function;
      // aws-cdk-lib's UserPool.addTrigger has no operation for this trigger (its LambdaConfig entry is an object with
      // a version, like the senders'), so the entry is written on the pool resource, and Cognito's permission to
      // invoke the function, limited to this pool, given as addTrigger gives it.
      const cfn = userPool.node.defaultChild as cognito.CfnUserPool;
      cfn.addPropertyOverride('LambdaConfig.InboundFederation', { LambdaArn: fn.function.functionArn, LambdaVersion: INBOUND_FEDERATION_VERSION });
      fn.function.addPermission('InboundFederationCognito', {
        principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
        sourceArn: userPool.userPoolArn,
      });
      attached.add(userPool);
    } catch (err) {
      throw located(this, err);
    }
  }
}
