import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createExampleApp } from '../../bin/example-app';
import { AuthSnapshot } from '../../lib';
import { evaluate, testApp, testStack, validatorOn } from '../support/helpers';
import { regionBoundValuesValid } from '../invariants/regions';
import { ACK_REASON_PREFIX } from '../../lib/private/compliance';

/** Every acknowledgement in the stacks: the construct it is on, its id as recorded, its reason. */
function acknowledgementsOf(stacks: Stack[]): [string, string, string][] {
  const acks: [string, string, string][] = [];
  for (const stack of stacks) {
    for (const c of stack.node.findAll()) {
      for (const m of c.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acks.push([c.node.path, id, reason]);
      }
    }
  }
  return acks;
}

// These templates must pass AWS's CloudFormation validator (off by default in unit tests: test/support/setup-env.ts).
validatorOn();

/**
 * The example app exactly as `cdk synth` builds it (bin/example-app.ts), with cdk-nag's AwsSolutions pack and
 * AWS's CloudFormation validator on. Any finding (error or warning) that is not acknowledged makes synth throw.
 */
describe('example app', () => {
  const app = testApp({ stage: 'all' });
  const stages = createExampleApp(app);
  const stacks = stages.flatMap((s) => [s.auth, s.api]);
  const assembly = app.synth();
  const [dev, prod] = stages;
  const devTemplate = Template.fromStack(dev.auth);
  const prodTemplate = Template.fromStack(prod.auth);

  test('has per stage an auth stack and an API stack that depends on it', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['CognitoAuthExample-dev', 'CognitoAuthExample-dev-Api', 'CognitoAuthExample-prod', 'CognitoAuthExample-prod-Api']);
    for (const stage of stages) {
      expect(stage.api.dependencies).toEqual([stage.auth]);
      expect(stage.auth.dependencies).toEqual([]);
    }
  });

  test('cdk-nag (AwsSolutions) and the CloudFormation validator report nothing unacknowledged', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    const open = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    expect(open).toEqual([]);
  });

  test("the example's only acknowledgements, each on its own resource: dev cost and MFA choices, the access-log bucket, API logging, the Lambda-authorized route (none for WAF)", () => {
    const acks = acknowledgementsOf(stacks).filter(([, , reason]) => !reason.startsWith(ACK_REASON_PREFIX));
    const both = (path: string, id: string) => ['dev', 'prod'].map((s) => `CognitoAuthExample-${s}/${path} ${id}`);
    const apis = (path: string, id: string) => ['dev', 'prod'].map((s) => `CognitoAuthExample-${s}-Api/${path} ${id}`);
    // The rule's own id (`Annotation::<rule>` once recorded): cdk-nag matches it on the resource and its children only.
    expect(acks.map(([where, id]) => `${where} ${id}`).sort()).toEqual(
      [
        'CognitoAuthExample-dev/Auth/UserPool/Resource/Resource Annotation::AwsSolutions-COG2',
        'CognitoAuthExample-dev/Auth/UserPool/Resource/Resource Annotation::AwsSolutions-COG3',
        'CognitoAuthExample-dev/Auth/UserPool/Resource/Resource Annotation::AwsSolutions-COG8',
        ...both('AccessLogs', 'Annotation::AwsSolutions-S1'),
        ...apis('Apis/RestApi/DeploymentStage.prod', 'Annotation::AwsSolutions-APIG6'),
        ...apis('Apis/RestApi/Default/admin/GET', 'Annotation::AwsSolutions-COG4'),
      ].sort(),
    );
    for (const [where, , reason] of acks) {
      expect(reason.length).toBeGreaterThan(40);
      if (where.includes('UserPool')) expect(reason).toMatch(/^dev stage: /);
    }
  });

  test("the library's acknowledgements in the example: AwsSolutions-IAM5 of the folder grants and of prod's X-Ray permissions, and other packs' rules", () => {
    const acks = acknowledgementsOf(stacks).filter(([, , reason]) => reason.startsWith(ACK_REASON_PREFIX));
    const both = (path: string, id: string) => ['dev', 'prod'].map((s) => `CognitoAuthExample-${s}/${path} ${id}`);
    expect(acks.filter(([, id]) => id.includes('AwsSolutions')).map(([where, id]) => `${where} ${id}`).sort()).toEqual(
      [
        ...both('Auth/Group-member/Role', 'Annotation::AwsSolutions-IAM5[Resource::<UserFiles1D9B9D84.Arn>/private/<cognito-identity.amazonaws.com:sub>/*]'),
        ...both('Auth/Group-admin/Role', 'Annotation::AwsSolutions-IAM5[Resource::<UserFiles1D9B9D84.Arn>/tenants/<aws:PrincipalTag/tenant>/*]'),
        // prod traces its bundled functions: X-Ray's actions take no resource.
        ...['AdminAuthorizer', 'EmailSender', 'PostConfirmation', 'PreSignUp', 'PreTokenGeneration']
          .map((f) => `CognitoAuthExample-prod/Auth/${f}/Handler/Role/Resource Annotation::AwsSolutions-IAM5[Resource::*]`),
      ].sort(),
    );
    // Every one on a resource of the library (the pool's construct), by the rule's own id.
    for (const [where, id] of acks) {
      expect(where).toMatch(/^CognitoAuthExample-(dev|prod)(-Api)?\/(Auth|Apis\/AdminAuthorizer)\//);
      expect(id).toMatch(/^Annotation::(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R[45]|PCI\.DSS\.321|Serverless)-/);
    }
  });

  test('production parts: prod exports both logs, has a web ACL on the pool, alarms to a topic and a dashboard; dev exports message-delivery errors only', () => {
    const logConfigs = (t: Template) =>
      Object.values(t.findResources('AWS::Cognito::LogDeliveryConfiguration')).flatMap((r) => r.Properties.LogConfigurations.map((c: any) => `${c.EventSource}/${c.LogLevel}`));
    expect(logConfigs(prodTemplate)).toEqual(['userNotification/ERROR', 'userAuthEvents/INFO']);
    expect(logConfigs(devTemplate)).toEqual(['userNotification/ERROR']);
    prodTemplate.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'Arn'] } });
    prodTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    prodTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    // 4 pool throttles, risk, and errors, throttles and duration of 4 triggers (the custom email sender too) and the JWT authorizer
    prodTemplate.resourceCountIs('AWS::CloudWatch::Alarm', 4 + 1 + 3 * 5);
    for (const kind of ['AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SNS::Topic']) {
      devTemplate.resourceCountIs(kind, 0);
    }
    // Both stages' REST APIs sit behind a web ACL of their own stack, so cdk-nag's APIG3 needs no acknowledgement.
    for (const stage of stages) {
      const api = Template.fromStack(stage.api);
      api.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
      const [association] = Object.values(api.findResources('AWS::WAFv2::WebACLAssociation'));
      expect(JSON.stringify(association.Properties.ResourceArn)).toContain('/stages/');
    }
  });

  test('prod traces every bundled function with X-Ray; dev none', () => {
    const traced = (t: Template) => Object.values(t.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.TracingConfig?.Mode === 'Active').length;
    expect(traced(prodTemplate)).toBe(5);
    expect(traced(devTemplate)).toBe(0);
  });

  test('prod: Plus plan, enforced threat protection, MFA required with TOTP, deletion protection, retained', () => {
    prodTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: {
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
      },
    });
  });

  test('dev: Essentials, MFA optional, destroyable', () => {
    devTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: {
        UserPoolTier: 'ESSENTIALS',
        MfaConfiguration: 'OPTIONAL',
        DeletionProtection: 'INACTIVE',
      },
    });
  });

  test('prod signs in with passkeys beside passwords, a passkey counting as MFA; dev with email codes through SES', () => {
    prodTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      WebAuthnRelyingPartyID: { 'Fn::Join': ['', ['example-auth-demo-prod.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']] },
      WebAuthnUserVerification: 'required',
      WebAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', From: 'Cognito auth example <no-reply@example.com>' },
      WebAuthnRelyingPartyID: Match.absent(),
    });
    for (const t of [devTemplate, prodTemplate]) {
      for (const name of ['web', 'mobile']) {
        t.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: name, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'] });
      }
      t.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'orders-service', ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] });
    }
    prodTemplate.resourceCountIs('AWS::Cognito::Terms', 2);
    devTemplate.resourceCountIs('AWS::Cognito::Terms', 0);
  });

  test("each stage's front-end config output names its sign-in methods", () => {
    const config = (t: Template) => {
      const [, output] = Object.entries<{ Value: unknown }>(t.toJSON().Outputs).find(([k]) => k.startsWith('AuthFrontendConfig'))!;
      return JSON.parse(evaluate(output.Value));
    };
    const devConfig = config(devTemplate);
    const prodConfig = config(prodTemplate);
    expect(devConfig.signInMethods).toEqual(['PASSWORD', 'EMAIL_OTP']);
    expect(devConfig.passkeyRelyingPartyId).toBeUndefined();
    expect(prodConfig.signInMethods).toEqual(['PASSWORD', 'WEB_AUTHN']);
    expect(prodConfig.passkeyRelyingPartyId).toBe('example-auth-demo-prod.auth.eu-west-1.amazoncognito.com');
    expect(prodConfig.clients.web.choiceBasedSignIn).toBe(true);
  });

  test('dev allows a localhost callback; prod only https', () => {
    devTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'web', CallbackURLs: ['http://localhost:3000/callback'] });
    prodTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'web', CallbackURLs: ['https://app.example.com/callback'] });
  });

  test.each(['CognitoAuthExample-dev', 'CognitoAuthExample-dev-Api', 'CognitoAuthExample-prod', 'CognitoAuthExample-prod-Api'])(
    'golden snapshot: %s',
    (name) => {
      const stack = stacks.find((s) => s.stackName === name)!;
      expect(AuthSnapshot.mask(stack, Template.fromStack(stack).toJSON())).toMatchSnapshot();
    },
  );

  test('account linking only in prod, auto-confirmation only in dev: never both, so no address is verified without a code while linking is on', () => {
    const config = (t: Template) => {
      const fn = Object.entries(t.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('AuthPreSignUpHandlerFunction'))![1];
      return JSON.parse(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
    };
    expect(config(devTemplate)).toMatchObject({ linkExternalUsers: false, autoConfirmDomains: ['example.com'] });
    expect(config(prodTemplate)).toMatchObject({ linkExternalUsers: true, autoConfirmDomains: [] });
  });

  test('no client may write the attributes behind the tenant and plan claims, or email_verified (prod links accounts)', () => {
    for (const t of [devTemplate, prodTemplate]) {
      for (const client of Object.values(t.findResources('AWS::Cognito::UserPoolClient'))) {
        const written: string[] = client.Properties.WriteAttributes ?? [];
        expect(written).not.toContain('custom:plan');
        expect(written).not.toContain('custom:tenant_id');
        expect(written).not.toContain('email_verified');
      }
    }
  });
});

describe('example app with its identity providers switched on', () => {
  const app = testApp({ stage: 'prod', googleClientId: 'example.apps.googleusercontent.com', samlMetadataUrl: 'https://idp.example.com/metadata', samlIdentifiers: 'example.com' });
  const [{ auth: stack }] = createExampleApp(app);
  const assembly = app.synth();
  const template = Template.fromStack(stack);

  test('Google and SAML providers pass cdk-nag and the CloudFormation validator', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Google',
      ProviderDetails: Match.objectLike({ client_secret: '{{resolve:secretsmanager:cognito-auth-example/google:SecretString:clientSecret::}}' }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Corporate',
      IdpIdentifiers: ['example.com'],
      ProviderDetails: Match.objectLike({ MetadataURL: 'https://idp.example.com/metadata' }),
    });
  });

  test('the web and mobile clients offer them; the machine client does not', () => {
    for (const name of ['web', 'mobile']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: name, SupportedIdentityProviders: ['COGNITO', 'Google', 'Corporate'] });
    }
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'orders-service', SupportedIdentityProviders: ['COGNITO'] });
  });

  test('switched off (the default), the example has no providers', () => {
    const offApp = testApp({ stage: 'dev', nag: false });
    const [off] = createExampleApp(offApp);
    Template.fromStack(off.auth).resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
  });
});

describe('the checks can fail', () => {
  test('cdk-nag fails synth on a weak password policy', () => {
    const app = testApp();
    const stack = new Stack(app, 'Weak');
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { minLength: 6 }, mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: false } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-COG1/);
  });

  test('the CloudFormation validator fails synth on a property the schema does not have', () => {
    const app = testApp();
    const stack = new Stack(app, 'Bad');
    const pool = new cognito.UserPool(stack, 'Pool');
    (pool.node.defaultChild as cognito.CfnUserPool).addPropertyOverride('NoSuchProperty', true);
    expect(() => app.synth()).toThrow(/NoSuchProperty: Additional properties are not allowed/);
  });

  test('granting the pool ARN through the function default policy (the usual mistake) fails synth with a cycle', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    pool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, fn);
    pool.grant(fn, 'cognito-idp:ListUsers');
    expect(() => Template.fromStack(stack)).toThrow(/Circular dependency with \[Pool\w+ -> Fn\w+ -> FnServiceRoleDefaultPolicy\w+ -> Pool\w+\]/);
  });

  test('the example app rejects an unknown stage', () => {
    expect(() => createExampleApp(testApp({ stage: 'staging' }))).toThrow("context 'stage' 'staging' is invalid: use dev, prod or all");
  });
});

/**
 * The example's multi-Region option (`-c replicaRegion=eu-west-1`), exactly as `cdk synth` builds it: prod's pool with a
 * replica, its key and the key's replica, and the replica region's stack, all through cdk-nag and the validator.
 */
describe('example app, prod with a replica (-c replicaRegion=eu-west-1)', () => {
  const app = testApp({ stage: 'prod', replicaRegion: 'eu-west-1' });
  const [prod] = createExampleApp(app);
  const assembly = app.synth();
  const multi = prod.multiRegion!;

  test('five stacks, in the order they deploy: the key, its replica, the pool with its replica, the APIs, the replica region', () => {
    expect(assembly.stacks.map((s) => `${s.stackName} ${s.environment.region}`).sort()).toEqual([
      'CognitoAuthExample-prod us-east-1',
      'CognitoAuthExample-prod-Api us-east-1',
      'CognitoAuthExample-prod-Key us-east-1',
      'CognitoAuthExample-prod-KeyReplica eu-west-1',
      'CognitoAuthExample-prod-Replica eu-west-1',
    ]);
    expect(prod.auth.dependencies).toEqual(expect.arrayContaining([multi.keyReplica]));
    expect(multi.keyReplica.dependencies).toEqual([multi.key]);
    expect(multi.replica.dependencies).toEqual([prod.auth]);
  });

  test('cdk-nag (AwsSolutions) and the CloudFormation validator report nothing unacknowledged', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
  });

  test('the replica, the updated issuer everywhere, the REST routes on the JWT authorizer, the triggers in the replica region', () => {
    const auth = Template.fromStack(prod.auth);
    auth.hasResourceProperties('AWS::Cognito::UserPoolReplica', { RegionName: 'eu-west-1' });
    auth.hasResourceProperties('AWS::Cognito::UserPool', { IssuerConfiguration: { Type: 'UPDATED' }, KeyConfiguration: { KeyType: 'CUSTOMER_MANAGED_KEY' } });
    const outputs = auth.toJSON().Outputs as Record<string, { Value: unknown }>;
    const config = JSON.parse(evaluate(Object.entries(outputs).find(([k]) => k.startsWith('AuthFrontendConfig'))![1].Value));
    expect(config.issuer).toMatch(/^https:\/\/issuer-cognito-idp\.us-east-1\.amazonaws\.com\//);
    expect(config.regions.map((r: { region: string }) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
    const api = Template.fromStack(prod.api);
    expect(Object.values(api.findResources('AWS::ApiGateway::Authorizer')).map((a) => a.Properties.Type)).toEqual(['TOKEN', 'TOKEN', 'TOKEN']);
    const jwtAuthorizer = Object.values(api.findResources('AWS::ApiGatewayV2::Authorizer')).find((a) => a.Properties.AuthorizerType === 'JWT')!;
    expect(evaluate(jwtAuthorizer.Properties.JwtConfiguration.Issuer)).toMatch(/^https:\/\/issuer-cognito-idp\.us-east-1\.amazonaws\.com\/<CognitoAuthExample-prod:/);
    const replica = Template.fromStack(multi.replica);
    replica.hasResourceProperties('AWS::Cognito::UserPoolRegionalConfigurationAttachment', { Status: 'ACTIVE' });
    Template.fromStack(multi.keyReplica).resourceCountIs('AWS::KMS::ReplicaKey', 1);
  });

  test("MFA optional and no passkeys: replicas do not take TOTP, prod's only second factor, and the prefix domain's passkeys are bound to the primary's region", () => {
    Template.fromStack(prod.auth).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'], WebAuthnRelyingPartyID: Match.absent() });
  });

  test('each region-bound value is valid in its region (the invariant of test/invariants/regions.ts)', () => {
    const templates = Object.fromEntries(assembly.stacks.map((s) => [s.stackName, { ...s.template, region: s.environment.region }]));
    expect(regionBoundValuesValid(templates)).toEqual([]);
  });

  test('the only new acknowledgements: TOTP in the replica, and the two REST routes on the JWT authorizer', () => {
    const acks: string[] = [];
    for (const stack of [prod.auth, prod.api, multi.key, multi.keyReplica, multi.replica]) {
      for (const c of stack.node.findAll()) {
        for (const m of c.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) acks.push(...Object.keys(m.data as object).map((id) => `${c.node.path} ${id}`));
      }
    }
    expect(acks.filter((a) => a.includes('replicaTotp') || /\/(me|orders)\/GET/.test(a)).sort()).toEqual([
      'CognitoAuthExample-prod-Api/Apis/RestApi/Default/me/GET Annotation::AwsSolutions-COG4',
      'CognitoAuthExample-prod-Api/Apis/RestApi/Default/orders/GET Annotation::AwsSolutions-COG4',
      'CognitoAuthExample-prod/Auth/UserPool Annotation::cdk-cognito-auth:replicaTotp',
    ]);
  });
});
