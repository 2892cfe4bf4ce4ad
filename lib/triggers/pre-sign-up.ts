import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import { DEFAULT_LINK_PROVIDERS } from '../private/linking';
import type { PreSignUpConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { validateEmailDomain } from '../private/validators';
import { checkProps } from '../private/props-check';
import type { PreSignUpOptions } from './triggers-options';

/** Props for a standalone `PreSignUpTrigger`. */
export interface PreSignUpTriggerProps extends PreSignUpOptions {
  /**
   * The user pool to attach the trigger to: a `cognito.UserPool` defined in this app, since a trigger is attached with
   * `UserPool.addTrigger` (an imported pool is refused).
   */
  readonly userPool: cognito.IUserPool;
  /**
   * The pool's SAML and OIDC provider names, for linking users whose name prefix Cognito lowercased.
   * @default - none
   */
  readonly externalProviderNames?: string[];
}

const DEFAULT_REJECTION = 'Sign-up is not allowed for this email address.';


/**
 * The bundled pre sign-up trigger: email domain allow and block lists, auto-confirmation, federated-account
 * linking. Its role may call only ListUsers and AdminLinkProviderForUser on this pool, and only when linking is on.
 */
export class PreSignUpTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: PreSignUpTriggerProps) {
    super(scope, id);
    try {
      checkProps('PreSignUpTriggerProps', props, 'triggers.preSignUp');
      const userPool = triggerUserPool('userPool', props.userPool);
      const prop = 'triggers.preSignUp';
      const norm = (list: string[] | undefined, key: string) =>
        (list ?? []).map((d, i) => {
          const domain = d.trim().toLowerCase();
          validateEmailDomain(`${prop}.${key}[${i}]`, domain);
          return domain;
        });
      const allowed = norm(props.allowedEmailDomains, 'allowedEmailDomains');
      const blocked = norm(props.blockedEmailDomains, 'blockedEmailDomains');
      const autoConfirm = norm(props.autoConfirmEmailDomains, 'autoConfirmEmailDomains');
      const both = allowed.find((d) => blocked.includes(d));
      if (both) throw new ConfigError(`${prop}: '${both}' is both allowed and blocked`);
      const includeSubdomains = props.includeSubdomains ?? false;
      for (const d of autoConfirm) {
        const ok = allowed.length === 0 || allowed.some((a) => d === a || (includeSubdomains && d.endsWith(`.${a}`)));
        if (!ok || blocked.includes(d)) {
          throw new ConfigError(`${prop}.autoConfirmEmailDomains has '${d}', which may not sign up: allow it or remove it`);
        }
      }

      const linkExternalUsers = props.linkExternalUsers ?? false;
      if (linkExternalUsers && autoConfirm.length > 0) {
        throw new ConfigError(
          `${prop}.autoConfirmEmailDomains has '${autoConfirm[0]}' while linkExternalUsers is on: auto-confirmation marks an address verified ` +
            `without proof that the user owns the mailbox, and linking trusts verified addresses, so whoever signs up first as ` +
              `someone@${autoConfirm[0]} would receive that person's federated sign-ins; turn one of them off`,
        );
      }
      const linkProviders = props.linkProviders ?? [...DEFAULT_LINK_PROVIDERS];
      const assumeVerified = props.assumeEmailVerified ?? [];
      assumeVerified.forEach((name, i) => {
        if (!linkProviders.includes(name)) {
          throw new ConfigError(`${prop}.assumeEmailVerified[${i}] '${name}' is not in linkProviders (${linkProviders.join(', ') || 'none'}): only ` +
            `linked providers can be trusted without a signal`);
        }
      });
      if (linkExternalUsers && assumeVerified.length > 0) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:linkWithoutVerification',
          `${prop}.assumeEmailVerified links users of ${assumeVerified.join(', ')} to the native user with the same address without the provider ` +
            `saying it verified the address: whoever holds an address there gets that person's account here. Acknowledge this warning only if ` +
            `every address these providers send belongs to its user.`,
        );
      }
      const config: PreSignUpConfig = {
        allowedDomains: allowed,
        blockedDomains: blocked,
        autoConfirmDomains: autoConfirm,
        includeSubdomains,
        linkExternalUsers,
        linkProviders,
        assumeVerifiedProviders: assumeVerified,
        externalProviderNames: props.externalProviderNames ?? [],
        rejectionMessage: props.rejectionMessage ?? DEFAULT_REJECTION,
      };
      const fn = new BundledFunction(this, 'Handler', {
        handler: 'pre-signup',
        description: 'Cognito pre sign-up trigger (cdk-cognito-auth)',
        config: () => config,
        configProp: prop,
        settings: props,
        calls: linkExternalUsers ? ['cognito-idp'] : [],
        synchronousCaller: 'Cognito',
        userPool,
      });
      if (config.linkExternalUsers) {
        fn.grantOnPool(userPool, ['cognito-idp:ListUsers', 'cognito-idp:AdminLinkProviderForUser']);
      }
      this.function = fn.function;
      userPool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, fn.function);
    } catch (err) {
      throw located(this, err);
    }
  }
}
