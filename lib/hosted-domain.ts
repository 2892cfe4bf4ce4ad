import { Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { ConfigError, located } from './private/errors';
import { validateCertificateRegion, validateDomainPrefix } from './private/validators';
import { checkProps } from './private/props-check';

/** A custom domain for the hosted sign-in pages. */
export interface CustomDomainOptions {
  /** The domain name, e.g. auth.example.com. */
  readonly domainName: string;
  /** An ACM certificate for the domain, in us-east-1. */
  readonly certificate: acm.ICertificate;
  /**
   * The Route53 zone to put the alias record in.
   * @default - no record: point the domain at the CloudFront distribution yourself
   */
  readonly hostedZone?: route53.IHostedZone;
}

/** The hosted sign-in domain, as `CognitoAuth` takes it. Give `prefix` or `customDomain`. */
export interface HostedDomainOptions {
  /**
   * A Cognito prefix domain: https://<prefix>.auth.<region>.amazoncognito.com. Lowercase letters, digits and hyphens;
   * no 'aws', 'amazon' or 'cognito'; unique within the region.
   * @default - none (give `customDomain` instead)
   */
  readonly prefix?: string;

  /**
   * A custom domain with an ACM certificate in us-east-1, and an alias record when a hosted zone is given.
   * @default - none (give `prefix` instead)
   */
  readonly customDomain?: CustomDomainOptions;

  /**
   * Managed login (the newer sign-in pages). The classic hosted UI is the only option on the Lite plan.
   * @default true on the Essentials and Plus plans; false on Lite
   */
  readonly managedLogin?: boolean;

  /**
   * Managed login branding settings (the JSON that the branding editor exports), applied to every client's style.
   * Cognito defines this document, not this library, and it grows with the editor, so it is free JSON: an object
   * (a map of string to any JSON value in every jsii language), passed as it is to `AWS::Cognito::ManagedLoginBranding`'s
   * `Settings`, as aws-cdk-lib's `CfnManagedLoginBranding` takes it.
   * @default - Cognito's own default style
   */
  readonly brandingSettings?: { [key: string]: any };

  /**
   * CSS for the classic hosted UI (classic hosted UI only).
   * @default - Cognito's default look
   */
  readonly classicCss?: string;
}

/** Props for a standalone `HostedDomain`. */
export interface HostedDomainProps extends HostedDomainOptions {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;
  /**
   * The pool's feature plan, which decides managed login's default.
   * @default FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;
}

/**
 * The alias target of a custom domain: its CloudFront distribution, named by `cloudFrontEndpoint` (`Fn::GetAtt`
 * CloudFrontDistribution of the domain resource) whatever the app's feature flags. aws-cdk-lib's `UserPoolDomainTarget`
 * reads the deprecated `cloudFrontDomainName` instead (a custom resource with its own Lambda function, and a
 * deprecation warning) unless the app sets `@aws-cdk/aws-route53-targets:userPoolDomainNameMethodWithoutCustomResource`.
 */
function cloudFrontAlias(domain: cognito.UserPoolDomain): route53.IAliasRecordTarget {
  return {
    bind: () => ({ dnsName: domain.cloudFrontEndpoint, hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(domain) }),
  };
}

/**
 * The hosted sign-in domain: a Cognito prefix domain, or a custom domain with its alias record. With managed login,
 * each client added gets a branding style, without which the sign-in page shows "login pages unavailable".
 */
export class HostedDomain extends Construct {
  /** The aws-cdk-lib domain. */
  public readonly userPoolDomain: cognito.UserPoolDomain;
  /** Whether the domain serves managed login (true) or the classic hosted UI (false). */
  public readonly managedLogin: boolean;
  /** The alias record, when a hosted zone was given. */
  public readonly aliasRecord?: route53.ARecord;

  private readonly userPool: cognito.IUserPool;
  private readonly brandingSettings?: { [key: string]: any };
  private readonly classicCss?: string;

  constructor(scope: Construct, id: string, props: HostedDomainProps) {
    super(scope, id);
    try {
      checkProps('HostedDomainProps', props, 'domain');
      this.userPool = props.userPool;
      const plan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;

      if ((props.prefix === undefined) === (props.customDomain === undefined)) {
        throw new ConfigError('domain needs exactly one of prefix or customDomain');
      }
      if (props.prefix !== undefined) validateDomainPrefix('domain.prefix', props.prefix);
      if (props.customDomain) {
        validateCertificateRegion('domain.customDomain.certificate', props.customDomain.certificate.certificateArn);
      }

      this.managedLogin = props.managedLogin ?? plan !== cognito.FeaturePlan.LITE;
      if (this.managedLogin && plan === cognito.FeaturePlan.LITE) {
        throw new ConfigError("domain.managedLogin is true, but featurePlan is 'LITE': managed login needs ESSENTIALS or PLUS");
      }
      if (this.managedLogin && props.classicCss !== undefined) {
        throw new ConfigError('domain.classicCss is set, but the domain uses managed login: use brandingSettings, or set managedLogin to false');
      }
      if (!this.managedLogin && props.brandingSettings !== undefined) {
        throw new ConfigError('domain.brandingSettings is set, but the domain uses the classic hosted UI: use classicCss, or set managedLogin to ' +
          'true');
      }
      this.brandingSettings = props.brandingSettings;
      this.classicCss = props.classicCss;

      this.userPoolDomain = new cognito.UserPoolDomain(this, 'Resource', {
        userPool: props.userPool,
        cognitoDomain: props.prefix !== undefined ? { domainPrefix: props.prefix } : undefined,
        customDomain: props.customDomain
          ? { domainName: props.customDomain.domainName, certificate: props.customDomain.certificate }
          : undefined,
        managedLoginVersion: this.managedLogin
          ? cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN
          : cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
      });

      if (props.customDomain?.hostedZone) {
        this.aliasRecord = new route53.ARecord(this, 'AliasRecord', {
          zone: props.customDomain.hostedZone,
          recordName: props.customDomain.domainName,
          target: route53.RecordTarget.fromAlias(cloudFrontAlias(this.userPoolDomain)),
        });
      }
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The domain's base URL, e.g. https://example.auth.eu-west-1.amazoncognito.com. */
  public get baseUrl(): string {
    return this.userPoolDomain.baseUrl();
  }

  /** The domain's host name, e.g. example.auth.eu-west-1.amazoncognito.com: the base URL without https://. */
  public get hostname(): string {
    return Fn.select(2, Fn.split('/', this.baseUrl));
  }

  /**
   * Gives a client its sign-in page: a managed login branding style, or the classic hosted UI's CSS when set.
   * `CognitoAuth` calls this for every client that uses the hosted sign-in page.
   * @param id a construct id for the style, unique within this domain
   */
  public addClient(id: string, client: cognito.IUserPoolClient): void {
    if (this.managedLogin) {
      const branding = new cognito.CfnManagedLoginBranding(this, `${id}Branding`, {
        userPoolId: this.userPool.userPoolId,
        clientId: client.userPoolClientId,
        useCognitoProvidedValues: this.brandingSettings === undefined,
        settings: this.brandingSettings,
      });
      branding.node.addDependency(this.userPoolDomain);
    } else if (this.classicCss !== undefined) {
      const ui = new cognito.CfnUserPoolUICustomizationAttachment(this, `${id}Css`, {
        userPoolId: this.userPool.userPoolId,
        clientId: client.userPoolClientId,
        css: this.classicCss,
      });
      ui.node.addDependency(this.userPoolDomain);
    }
  }

  /** The hosted sign-in URL for a client and one of its callback URLs. */
  public signInUrl(client: cognito.UserPoolClient, redirectUri: string): string {
    return this.userPoolDomain.signInUrl(client, { redirectUri, signInPath: '/oauth2/authorize' });
  }
}
