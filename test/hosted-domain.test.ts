import { App, FeatureFlags, Stack } from 'aws-cdk-lib';
import { Annotations, Template, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { HostedDomain, HostedDomainProps } from '../lib';
import { testStack } from './support/helpers';

function build(props: Omit<HostedDomainProps, 'userPool'>, withClient = true) {
  const stack = testStack();
  const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: props.featurePlan });
  const domain = new HostedDomain(stack, 'Domain', { userPool, ...props });
  if (withClient) {
    const client = userPool.addClient('Web', { oAuth: { callbackUrls: ['https://app.example.com/cb'] } });
    domain.addClient('web', client);
  }
  return { stack, domain, template: Template.fromStack(stack) };
}

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

describe('HostedDomain', () => {
  test('prefix domain with managed login and a Cognito-styled branding per client (Essentials)', () => {
    const { template, domain } = build({ prefix: 'example-login' });
    expect(domain.managedLogin).toBe(true);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'example-login', ManagedLoginVersion: 2 });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      ClientId: { Ref: Match.stringLikeRegexp('PoolWeb') },
      UserPoolId: { Ref: Match.stringLikeRegexp('Pool') },
    });
  });

  test('branding settings override Cognito values', () => {
    const settings = { components: { pageBackground: { lightMode: { color: 'ffffffff' } } } };
    build({ prefix: 'example-login', brandingSettings: settings }).template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: false,
      Settings: settings,
    });
  });

  test('Lite plan: classic hosted UI, no branding, optional CSS', () => {
    const { template, domain } = build({ prefix: 'example-login', featurePlan: cognito.FeaturePlan.LITE, classicCss: '.banner-customizable { background: #123456; }' });
    expect(domain.managedLogin).toBe(false);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolUICustomizationAttachment', {
      CSS: '.banner-customizable { background: #123456; }',
    });
  });

  test('custom domain with a us-east-1 certificate and a Route53 alias record', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    new HostedDomain(stack, 'Domain', {
      userPool,
      customDomain: { domainName: 'auth.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN), hostedZone },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'auth.example.com',
      CustomDomainConfig: { CertificateArn: CERT_ARN },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'auth.example.com.',
      Type: 'A',
      HostedZoneId: 'Z123',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Domain'), 'CloudFrontDistribution'] } },
    });
  });

  test('sign-in URL of a client', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const client = userPool.addClient('Web', { oAuth: { callbackUrls: ['https://app.example.com/cb'] } });
    const domain = new HostedDomain(stack, 'Domain', { userPool, prefix: 'example-login' });
    expect(stack.resolve(domain.signInUrl(client, 'https://app.example.com/cb'))).toEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: expect.stringMatching(/^Domain/) },
          '.auth.',
          { Ref: 'AWS::Region' },
          '.amazoncognito.com/oauth2/authorize?client_id=',
          { Ref: expect.stringMatching(/^PoolWeb/) },
          '&response_type=code&redirect_uri=https://app.example.com/cb',
        ],
      ],
    });
    expect(stack.resolve(domain.baseUrl)).toEqual({
      'Fn::Join': ['', expect.arrayContaining(['https://', '.auth.', '.amazoncognito.com'])],
    });
  });
});

describe('HostedDomain validation', () => {
  test('neither prefix nor custom domain', () => {
    expect(() => build({})).toThrow('domain needs exactly one of prefix or customDomain');
  });

  test('a prefix with a reserved word', () => {
    expect(() => build({ prefix: 'acme-cognito' })).toThrow(
      "domain.prefix 'acme-cognito' is invalid: a Cognito domain prefix may not contain 'aws', 'amazon' or 'cognito' (found 'cognito')",
    );
  });

  test('a certificate outside us-east-1', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const arn = 'arn:aws:acm:eu-central-1:123456789012:certificate/abc';
    expect(
      () => new HostedDomain(stack, 'Domain', { userPool, customDomain: { domainName: 'auth.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) } }),
    ).toThrow(`domain.customDomain.certificate '${arn}' is in region 'eu-central-1': a Cognito custom domain needs an ACM certificate in us-east-1`);
  });

  test('a certificate created in the stack (its ARN is a token) is not checked', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'auth.example.com' });
    expect(() => new HostedDomain(stack, 'Domain', { userPool, customDomain: { domainName: 'auth.example.com', certificate } })).not.toThrow();
  });

  test('managed login on the Lite plan', () => {
    expect(() => build({ prefix: 'example-login', featurePlan: cognito.FeaturePlan.LITE, managedLogin: true })).toThrow(
      "domain.managedLogin is true, but featurePlan is 'LITE': managed login needs ESSENTIALS or PLUS",
    );
  });

  test('classic CSS with managed login', () => {
    expect(() => build({ prefix: 'example-login', classicCss: 'x' })).toThrow(
      'domain.classicCss is set, but the domain uses managed login: use brandingSettings, or set managedLogin to false',
    );
  });

  test('branding settings with the classic hosted UI', () => {
    expect(() => build({ prefix: 'example-login', managedLogin: false, brandingSettings: {} })).toThrow(
      'domain.brandingSettings is set, but the domain uses the classic hosted UI: use classicCss, or set managedLogin to true',
    );
  });
});

/**
 * The alias record of a custom domain reads the distribution with the non-deprecated `cloudFrontEndpoint` whatever
 * the app's feature flags: here an app with no context at all (no cdk.json), where
 * `@aws-cdk/aws-route53-targets:userPoolDomainNameMethodWithoutCustomResource` is off and aws-cdk-lib's own
 * `UserPoolDomainTarget` would read the deprecated `cloudFrontDomainName` (the control below shows that it does).
 */
describe('a custom domain in an app without context', () => {
  /** Builds and synthesizes a custom domain with an alias record in `new App()`, capturing every printed warning. */
  function synthesize(useAwsTarget = false) {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const spies = [jest.spyOn(console, 'warn').mockImplementation(capture), jest.spyOn(console, 'error').mockImplementation(capture),
      jest.spyOn(process, 'emitWarning').mockImplementation(capture as never)];
    try {
      const app = new App();
      const stack = new Stack(app, 'NoContext');
      expect(app.node.tryGetContext(cxapi.USER_POOL_DOMAIN_NAME_METHOD_WITHOUT_CUSTOM_RESOURCE)).toBeUndefined();
      expect(FeatureFlags.of(stack).isEnabled(cxapi.USER_POOL_DOMAIN_NAME_METHOD_WITHOUT_CUSTOM_RESOURCE)).toBe(false);
      const userPool = new cognito.UserPool(stack, 'Pool');
      const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN);
      if (useAwsTarget) {
        const domain = userPool.addDomain('Domain', { customDomain: { domainName: 'auth.example.com', certificate } });
        new route53.ARecord(stack, 'Alias', { zone: hostedZone, recordName: 'auth.example.com', target: route53.RecordTarget.fromAlias(new targets.UserPoolDomainTarget(domain)) });
      } else {
        new HostedDomain(stack, 'Domain', { userPool, customDomain: { domainName: 'auth.example.com', certificate, hostedZone } });
      }
      return { stack, template: Template.fromStack(stack), printed };
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  }

  test('the alias is Fn::GetAtt CloudFrontDistribution: no custom resource, no extra Lambda function, no deprecation warning', () => {
    const { stack, template, printed } = synthesize();
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type).sort();
    expect(types).toEqual(['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolDomain', 'AWS::Route53::RecordSet']);
    expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function')).toEqual([]);
    const [domainId] = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'));
    const record = Object.values(template.findResources('AWS::Route53::RecordSet'))[0];
    expect(record.Properties.AliasTarget).toEqual({
      DNSName: { 'Fn::GetAtt': [domainId, 'CloudFrontDistribution'] },
      HostedZoneId: { 'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'] },
    });
    expect(printed).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('so too when deprecated APIs are made to throw (JSII_DEPRECATED=fail)', () => {
    const saved = process.env.JSII_DEPRECATED;
    process.env.JSII_DEPRECATED = 'fail';
    try {
      expect(() => synthesize()).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.JSII_DEPRECATED;
      else process.env.JSII_DEPRECATED = saved;
    }
  });

  test("control: aws-cdk-lib's UserPoolDomainTarget there makes the custom resource, its Lambda function and the warning", () => {
    const { template, printed } = synthesize(true);
    template.resourceCountIs('Custom::UserPoolCloudFrontDomainName', 1);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(printed.join('\n')).toContain('aws-cdk-lib.aws_cognito.UserPoolDomain#cloudFrontDomainName is deprecated');
  });
});
