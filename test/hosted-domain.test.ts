import { Template, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
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
