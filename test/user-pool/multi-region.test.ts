import { Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AuthReplicaRegion,
  AuthUserPool,
  CognitoAuth,
  CognitoAuthProps,
  IssuerForm,
  JwtAuthorizerFunction,
  UpgradeCheck,
  UpgradeFindingKind,
  UserPoolHttpAuthorizer,
} from '../../lib';
import type { FrontendConfig, SmokeCheckConfig } from '../../lib/frontend-config';
import { evaluate, testApp, validatorOn } from '../support/helpers';
import { ACCOUNT, keyReplica, only, ORIGINAL_ISSUER, output, replicated, stacks, UPDATED_ISSUER, WEB } from '../support/multi-region';

// The multi-Region templates must pass AWS's CloudFormation validator.
validatorOn();

describe('a pool with a replica', () => {
  const { auth, primary, secondary } = replicated();
  const replica = new AuthReplicaRegion(secondary, 'Replica', { auth, tags: { team: 'identity' } });
  // A group added after the replica construct: its permissions must reach the replica's trigger too (read at synth).
  auth.addGroup({ name: 'admin', permissions: ['orders:write'] });
  const p = Template.fromStack(primary);
  const s = Template.fromStack(secondary);

  test('the replica (in the pool stack), the updated issuer, the customer managed key', () => {
    expect(only(p, 'AWS::Cognito::UserPoolReplica').Properties).toEqual({ UserPoolId: { Ref: 'AuthUserPool89DB94DB' }, RegionName: 'eu-west-1', UserPoolTagsAtCreate: { team: 'identity' } });
    const pool = only(p, 'AWS::Cognito::UserPool').Properties;
    expect(pool.IssuerConfiguration).toEqual({ Type: 'UPDATED' });
    expect(pool.KeyConfiguration).toEqual({ KeyType: 'CUSTOMER_MANAGED_KEY', KmsKeyArn: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } });
    // Cognito and the identity store, for this account's pools of the key's region only (the pool names the key, so the
    // key cannot name the pool).
    const statements = only(p, 'AWS::KMS::Key').Properties.KeyPolicy.Statement.filter((x: any) => JSON.stringify(x.Principal).includes('cognito-idp'));
    const pools = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/*`;
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: ['cognito-idp.amazonaws.com', 'identitystore.amazonaws.com'] },
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': pools }, StringLike: { 'kms:EncryptionContext:aws:cognito-idp:userpool-arn': pools } },
      },
      { Effect: 'Allow', Principal: { Service: ['cognito-idp.amazonaws.com', 'identitystore.amazonaws.com'] }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': pools } } },
    ]);
    expect(auth.authUserPool.replicaRegions).toEqual(['eu-west-1']);
    expect(evaluate(primary.resolve(auth.authUserPool.issuerUrl))).toBe(UPDATED_ISSUER);
  });

  test('one issuer everywhere: outputs, front-end config, smoke check', () => {
    expect(output(p, 'AuthIssuerUrl')).toBe(UPDATED_ISSUER);
    expect(output(p, 'AuthJwksUrl')).toBe(`${UPDATED_ISSUER}/.well-known/jwks.json`);
    const frontend: FrontendConfig = JSON.parse(output(p, 'AuthFrontendConfig'));
    expect(frontend.issuer).toBe(UPDATED_ISSUER);
    expect(frontend.regions).toEqual([
      { region: 'us-east-1', primary: true, endpoint: 'https://cognito-idp.us-east-1.amazonaws.com' },
      { region: 'eu-west-1', primary: false, endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com' },
    ]);
    const smoke: SmokeCheckConfig = JSON.parse(output(p, 'AuthSmokeCheck'));
    expect(smoke.issuer).toBe(UPDATED_ISSUER);
  });

  test("the replica region: the bundled pre token generation trigger again, token-only default groups, Cognito's permission for the replica only, status and tags", () => {
    const fn = only(s, 'AWS::Lambda::Function');
    const config = JSON.parse(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
    expect(config).toMatchObject({ claimsFromAttributes: { mail: 'email' }, defaultGroups: ['member'], joinDefaultGroups: false, groupPermissions: { admin: ['orders:write'] } });
    const [fnId] = Object.keys(s.findResources('AWS::Lambda::Function'));
    const permission = only(s, 'AWS::Lambda::Permission').Properties;
    expect(permission.Principal).toBe('cognito-idp.amazonaws.com');
    expect(permission.SourceAccount).toBe(ACCOUNT);
    expect(evaluate(permission.SourceArn)).toMatch(new RegExp(`^arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/<Primary:PublishOutputRefAuthUserPool89DB94DB\\w+>$`));
    // The pool's id comes from the primary's stack, the CDK way (a cross-region reference).
    const attachment = only(s, 'AWS::Cognito::UserPoolRegionalConfigurationAttachment').Properties;
    expect(attachment.UserPoolId).toEqual({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Primary', Region: 'us-east-1' }) });
    expect(attachment).toMatchObject({ Status: 'ACTIVE', UserPoolTags: { team: 'identity' }, LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [fnId, 'Arn'] }, LambdaVersion: 'V2_0' } } });
    // The role may write nothing to the pool: a replica takes no writes.
    expect(JSON.stringify(s.findResources('AWS::IAM::Policy'))).not.toContain('AdminAddUserToGroup');
    expect(Object.keys(replica.triggerFunctions)).toEqual(['preTokenGeneration']);
  });
});

describe('every consumer of the issuer follows it', () => {
  test('HTTP JWT authorizer and the bundled JWT authorizer: updated form; the REST Cognito authorizer is refused', () => {
    const { auth, primary } = replicated();
    const api = new apigwv2.HttpApi(primary, 'Http');
    const fn = new lambda.Function(primary, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
    api.addRoutes({ path: '/me', integration: new integrations.HttpLambdaIntegration('I', fn), authorizer: auth.httpApiAuthorizer() });
    auth.jwtAuthorizer('Jwt');
    expect(() => auth.restApiAuthorizer(primary, 'Rest')).toThrow(
      "[Primary/Auth] restApiAuthorizer('Rest'): the pool uses the updated issuer (issuer UPDATED, or replicas), which API Gateway's Cognito authorizer does not accept: use jwtAuthorizer(...).forRestApi(scope, id), which verifies the updated issuer",
    );
    const t = Template.fromStack(primary);
    expect(evaluate(only(t, 'AWS::ApiGatewayV2::Authorizer').Properties.JwtConfiguration.Issuer)).toBe(UPDATED_ISSUER);
    const jwt = Object.values(t.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Description?.startsWith('API Gateway JWT authorizer'))!;
    const config = JSON.parse(evaluate(jwt.Properties.Environment.Variables.TRIGGER_CONFIG));
    expect([config.issuer, config.jwksUri]).toEqual([UPDATED_ISSUER, `${UPDATED_ISSUER}/.well-known/jwks.json`]);
  });

  test('the original form by default, in every consumer; issuer UPDATED without replicas is the updated form', () => {
    const cases = [[undefined, ORIGINAL_ISSUER], [IssuerForm.UPDATED, UPDATED_ISSUER], [IssuerForm.ORIGINAL, ORIGINAL_ISSUER]] as const;
    for (const [issuer, expected] of cases) {
      const { primary } = stacks();
      const auth = new CognitoAuth(primary, 'Auth', { clients: [WEB], issuer, smokeCheck: {} });
      auth.jwtAuthorizer('Jwt');
      const t = Template.fromStack(primary);
      expect(output(t, 'AuthIssuerUrl')).toBe(expected);
      expect(JSON.parse(output(t, 'AuthFrontendConfig')).issuer).toBe(expected);
      expect(JSON.parse(output(t, 'AuthSmokeCheck')).issuer).toBe(expected);
      const jwt = Object.values(t.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Description?.startsWith('API Gateway JWT authorizer'))!;
      expect(JSON.parse(evaluate(jwt.Properties.Environment.Variables.TRIGGER_CONFIG)).issuer).toBe(expected);
      const pool = only(t, 'AWS::Cognito::UserPool').Properties;
      // Not set: not written, so an existing pool's template does not change.
      expect(pool.IssuerConfiguration).toEqual(issuer === undefined ? undefined : { Type: issuer });
      expect(JSON.parse(output(t, 'AuthFrontendConfig')).regions).toBeUndefined();
      if (issuer !== IssuerForm.UPDATED) expect(() => auth.restApiAuthorizer(primary, 'Rest')).not.toThrow();
    }
  });

  test('the standalone authorizers on an aws-cdk-lib pool whose L1 has the updated issuer; an imported pool is taken as original', () => {
    const { primary } = stacks();
    const pool = new cognito.UserPool(primary, 'Pool');
    (pool.node.defaultChild as cognito.CfnUserPool).issuerConfiguration = { type: 'UPDATED' };
    const client = pool.addClient('Client');
    const jwt = new JwtAuthorizerFunction(primary, 'Jwt', { userPool: pool, clients: [client] });
    const http = new UserPoolHttpAuthorizer({ userPool: pool, clients: [client] });
    const api = new apigwv2.HttpApi(primary, 'Http');
    api.addRoutes({ path: '/me', integration: new integrations.HttpLambdaIntegration('I', jwt.function), authorizer: http });
    const imported = cognito.UserPool.fromUserPoolId(primary, 'Imported', 'us-east-1_AbCdEf123');
    new JwtAuthorizerFunction(primary, 'ImportedJwt', { userPool: imported, clients: [cognito.UserPoolClient.fromUserPoolClientId(primary, 'C', 'abc')] });
    const t = Template.fromStack(primary);
    const issuers = Object.values(t.findResources('AWS::Lambda::Function')).map((f) => JSON.parse(evaluate(f.Properties.Environment.Variables.TRIGGER_CONFIG)).issuer);
    expect(issuers).toEqual(['https://issuer-cognito-idp.us-east-1.amazonaws.com/<PoolD3F588B8>', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123']);
    expect(evaluate(only(t, 'AWS::ApiGatewayV2::Authorizer').Properties.JwtConfiguration.Issuer)).toBe('https://issuer-cognito-idp.us-east-1.amazonaws.com/<PoolD3F588B8>');
    // The partition's URL suffix, not a literal amazonaws.com (China regions use amazonaws.com.cn).
    expect(JSON.stringify(only(t, 'AWS::ApiGatewayV2::Authorizer').Properties.JwtConfiguration.Issuer)).toContain('AWS::URLSuffix');
  });
});

describe('refused at synth', () => {
  const expectError = (props: Partial<CognitoAuthProps>, message: string, withKey = true) => {
    const { primary, key } = stacks();
    expect(() => new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OFF, ...(withKey ? { encryptionKey: key } : {}), ...props })).toThrow(message);
  };

  test.each<[string, Partial<CognitoAuthProps>, string, boolean]>([
    ['two replicas', { replicas: [{ region: 'eu-west-1' }, { region: 'ap-southeast-2' }] }, '[Primary/Auth/UserPool] replicas has 2 regions (eu-west-1, ap-southeast-2): Cognito keeps at most 1 secondary replica per user pool', true],
    ['a region name that is not one', { replicas: [{ region: 'Europe' }] }, "[Primary/Auth/UserPool] replicas[0].region 'Europe' is not a region name like eu-west-1", true],
    ["the pool's own region", { replicas: [{ region: 'us-east-1' }] }, "[Primary/Auth/UserPool] replicas[0].region 'us-east-1' is the pool's own region: a replica goes into a second region", true],
    [
      'the Lite plan',
      { featurePlan: cognito.FeaturePlan.LITE, replicas: [{ region: 'eu-west-1' }] },
      "[Primary/Auth/UserPool] replicas need featurePlan ESSENTIALS or PLUS (multi-Region replication is an add-on of those plans), but featurePlan is 'LITE'",
      true,
    ],
    [
      'the original issuer',
      { issuer: IssuerForm.ORIGINAL, replicas: [{ region: 'eu-west-1' }] },
      "[Primary/Auth/UserPool] replicas need the updated issuer (Cognito's guide: for token validation that holds across regions), but issuer is 'ORIGINAL': leave issuer out or set IssuerForm.UPDATED",
      true,
    ],
    [
      'no key',
      { replicas: [{ region: 'eu-west-1' }] },
      '[Primary/Auth/UserPool] replicas need encryptionKey: a multi-Region customer managed KMS key, with a replica key in every replica region, which Cognito encrypts the replicated directory with',
      false,
    ],
  ])('%s', (_name, props, message, withKey) => expectError(props, message, withKey));

  test('a single-region key, of this app or imported', () => {
    const { primary } = stacks();
    const single = new kms.Key(primary, 'Single', { enableKeyRotation: true });
    expect(() => new CognitoAuth(primary, 'A', { mfa: cognito.Mfa.OFF, encryptionKey: single, replicas: [{ region: 'eu-west-1' }] })).toThrow(
      "[Primary/A/UserPool] replicas need a multi-Region encryptionKey, but 'Primary/Single' is a single-region key: create it with multiRegion: true (a key's multiRegion cannot change later)",
    );
    const imported = kms.Key.fromKeyArn(primary, 'Imported', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(() => new CognitoAuth(primary, 'B', { mfa: cognito.Mfa.OFF, encryptionKey: imported, replicas: [{ region: 'eu-west-1' }] })).toThrow(/'Primary\/Imported' is a single-region key/);
    const mrk = kms.Key.fromKeyArn(primary, 'Mrk', `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`);
    expect(() => new CognitoAuth(primary, 'C', { mfa: cognito.Mfa.OFF, encryptionKey: mrk, replicas: [{ region: 'eu-west-1' }] })).not.toThrow();
  });

  test('an alias, an asymmetric key', () => {
    const { primary, key } = stacks();
    const alias = new kms.Alias(primary, 'Alias', { aliasName: 'alias/pool', targetKey: key });
    expect(() => new CognitoAuth(primary, 'A', { encryptionKey: alias })).toThrow("[Primary/A/UserPool] encryptionKey 'Primary/Alias' is an alias: Cognito takes a key ARN, not an alias; give the key itself");
    const signing = new kms.Key(primary, 'Signing', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(() => new CognitoAuth(primary, 'B', { encryptionKey: signing })).toThrow(
      "[Primary/B/UserPool] encryptionKey 'Primary/Signing' is a RSA_2048 key for SIGN_VERIFY: Cognito takes symmetric encryption keys only (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)",
    );
  });

  test('an imported key warns: its policy is yours to change (AuthUserPool.keyPolicyStatements)', () => {
    const { primary } = stacks();
    const mrk = kms.Key.fromKeyArn(primary, 'Mrk', `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`);
    new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: mrk });
    expect(() => Template.fromStack(primary)).toThrow(/encryptionKey 'Primary\/Mrk' is imported[\s\S]*cdk-cognito-auth:poolKeyImported/);
  });

  test('a key of another region', () => {
    const { app, primary } = stacks();
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const key = new kms.Key(other, 'Key', { multiRegion: true });
    expect(() => new CognitoAuth(primary, 'Auth', { encryptionKey: key })).toThrow(
      "[Primary/Auth/UserPool] encryptionKey 'Other/Key' is in eu-west-1, but the pool is in us-east-1: Cognito takes a key of the pool's region (for replicas, the primary of a multi-Region key)",
    );
  });

  test('TOTP MFA with a replica warns: replicas do not take TOTP', () => {
    const { primary, key } = stacks();
    new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OPTIONAL, encryptionKey: key, replicas: [{ region: 'eu-west-1' }] });
    expect(() => Template.fromStack(primary)).toThrow(/users with an authenticator app can sign in only while the primary region serves requests[\s\S]*cdk-cognito-auth:replicaTotp/);
  });
});

describe('passkeys and MFA in a replica', () => {
  const ses = cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: 'us-east-1' });
  const cert = (scope: Stack) => acm.Certificate.fromCertificateArn(scope, 'Cert', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`);
  const replicatedPool = (props: Partial<CognitoAuthProps>) => {
    const { primary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: key, replicas: [{ region: 'eu-west-1' }], clients: [WEB], ...props });
    return { primary, auth };
  };

  test('MFA required with TOTP as the only second factor is refused: replicas do not take TOTP, so users could not sign in there', () => {
    expect(() => replicatedPool({ mfa: cognito.Mfa.REQUIRED })).toThrow(
      '[Primary/Auth/UserPool] mfa is REQUIRED with TOTP (mfaSecondFactor.otp) as the only second factor, and Cognito replicas do not take TOTP MFA: users could not complete sign-in in eu-west-1 (replicas) while the primary region is down; turn on mfaSecondFactor.sms or mfaSecondFactor.email as well, or make mfa OPTIONAL',
    );
    // Email MFA beside it is no second factor while recovery is by email only: no user can set it up.
    expect(() => replicatedPool({ mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: false, email: true }, email: ses })).toThrow(
      '[Primary/Auth/UserPool] mfa is REQUIRED with TOTP (mfaSecondFactor.otp) as the only second factor (mfaSecondFactor.email is on, but no user can set up email MFA while accountRecovery is EMAIL_ONLY), and Cognito replicas do not take TOTP MFA: users could not complete sign-in in eu-west-1 (replicas) while the primary region is down; turn on mfaSecondFactor.sms or mfaSecondFactor.email as well, or make mfa OPTIONAL',
    );
  });

  test('MFA optional, or required with another second factor: a warning only (TOTP users sign in while the primary serves), and it synthesizes once acknowledged', () => {
    for (const props of [{ mfa: cognito.Mfa.OPTIONAL }, { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: true } }]) {
      const { primary, auth } = replicatedPool(props);
      expect(() => Template.fromStack(primary)).toThrow(/users with an authenticator app can sign in only while the primary region serves requests[\s\S]*cdk-cognito-auth:replicaTotp/);
      Validations.of(auth.authUserPool).acknowledge({ id: 'Annotation::cdk-cognito-auth:replicaTotp', reason: 'test' });
      expect(() => Template.fromStack(primary)).not.toThrow();
    }
    // SMS alone: no TOTP, nothing to say.
    const { primary } = replicatedPool({ mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: false, sms: true } });
    expect(() => Template.fromStack(primary)).not.toThrow();
  });

  test("passkeys bound to the primary's prefix-domain host, while users may have no password (one-time codes): refused", () => {
    expect(() => replicatedPool({ signInMethods: { emailOtp: true, passkey: true }, email: ses, domain: { prefix: 'example-auth' } })).toThrow(
      "[Primary/Auth/UserPool] signInMethods.passkey is on, but the passkey relying party 'example-auth.auth.us-east-1.amazoncognito.com' (from the pool's prefix domain) is a prefix-domain host of us-east-1 only, and the pool also signs users in in eu-west-1: Cognito keeps one relying party for every region and a browser offers a passkey only on its host, so no passkey signs anyone in there, and users without a password (emailOtp lets users sign up without one) would have only one-time codes sent with that region's own email and SMS settings; use a custom domain (domain.customDomain; the relying party follows it), or set passkeys.relyingPartyId to a domain that every region's sign-in page lives under",
    );
    // Given, and of the replica's region: wrong in the primary's region then.
    const { primary, key } = stacks();
    expect(
      () =>
        new AuthUserPool(primary, 'Pool', {
          mfa: cognito.Mfa.OFF,
          signInMethods: { password: false, smsOtp: true, passkey: true },
          passkeys: { relyingPartyId: 'example-auth.auth.eu-west-1.amazoncognito.com' },
          encryptionKey: key,
          replicas: [{ region: 'eu-west-1' }],
        }),
    ).toThrow(
      "[Primary/Pool] signInMethods.passkey is on, but passkeys.relyingPartyId 'example-auth.auth.eu-west-1.amazoncognito.com' is a prefix-domain host of eu-west-1 only, and the pool also signs users in in us-east-1: Cognito keeps one relying party for every region and a browser offers a passkey only on its host, so no passkey signs anyone in there, and users without a password (smsOtp lets users sign up without one) would have only one-time codes sent with that region's own email and SMS settings; use a custom domain (domain.customDomain; the relying party follows it), or set passkeys.relyingPartyId to a domain that every region's sign-in page lives under",
    );
  });

  test('passkeys bound to a prefix-domain host beside passwords only: a warning (every user has a password the replica takes)', () => {
    const { primary } = replicatedPool({ signInMethods: { passkey: true }, domain: { prefix: 'example-auth' } });
    expect(() => Template.fromStack(primary)).toThrow(
      /the passkey relying party 'example-auth\.auth\.us-east-1\.amazoncognito\.com' \(from the pool's prefix domain\) is a prefix-domain host of us-east-1 only, and the pool also signs users in in eu-west-1: Cognito keeps one relying party for every region and a browser offers a passkey only on its host, so passkeys sign no one in there and users sign in with their passwords instead; use a custom domain \(domain\.customDomain; the relying party follows it\), or set passkeys\.relyingPartyId to a domain that every region's sign-in page lives under[\s\S]*cdk-cognito-auth:replicaPasskeys/,
    );
  });

  test('passkeys on a custom domain, or on a relying party of your own app, serve every region: no error, no warning', () => {
    const { primary } = replicatedPool({
      signInMethods: { emailOtp: true, passkey: true },
      email: ses,
      domain: { customDomain: { domainName: 'auth.example.com', certificate: cert(stacks().primary) } },
    });
    expect(only(Template.fromStack(primary), 'AWS::Cognito::UserPool').Properties.WebAuthnRelyingPartyID).toBe('auth.example.com');
    const own = stacks();
    new AuthUserPool(own.primary, 'Pool', {
      mfa: cognito.Mfa.OFF,
      signInMethods: { emailOtp: true, passkey: true },
      email: ses,
      passkeys: { relyingPartyId: 'app.example.com' },
      encryptionKey: own.key,
      replicas: [{ region: 'eu-west-1' }],
    });
    expect(only(Template.fromStack(own.primary), 'AWS::Cognito::UserPool').Properties.WebAuthnRelyingPartyID).toBe('app.example.com');
  });
});

describe('each key allows what uses it in its region (Cognito, the principals that call it, the log export)', () => {
  const POOLS = (region: string) => `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/*`;
  const LOGS_EU = `arn:aws:logs:eu-west-1:${ACCOUNT}:*`;
  const MRK = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;
  const statementsOf = (t: Template, type: string) => only(t, type).Properties.KeyPolicy.Statement as any[];

  test("the pool key: every principal of the account may use it through Cognito of the key's region (Cognito's documented 'access through Amazon Cognito')", () => {
    const { primary } = replicated();
    const through = { 'kms:ViaService': 'cognito-idp.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT };
    expect(statementsOf(Template.fromStack(primary), 'AWS::KMS::Key').filter((x) => x.Principal?.AWS === '*')).toEqual([
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: through } },
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: { StringEquals: through, StringLike: { 'kms:EncryptionContext:aws:cognito-idp:userpool-arn': POOLS('us-east-1') } },
      },
    ]);
  });

  test("a replica that exports logs: its replica key gets log delivery's statements of its region, and Cognito's of its region, each once", () => {
    const { auth, secondary, key } = replicated({ userActivityLogs: { messageDeliveryErrors: true } });
    // The policy as the example had it: Cognito's statements only, no log delivery.
    const replicaKey = keyReplica(secondary, key);
    new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true }, replicaKey });
    const t = Template.fromStack(secondary);
    t.hasResourceProperties('AWS::KMS::ReplicaKey', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:SourceArn': LOGS_EU } } },
          { Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:SourceArn': LOGS_EU } } },
        ]),
      },
    });
    const statements = statementsOf(t, 'AWS::KMS::ReplicaKey');
    expect(statements).toHaveLength(1 + 4 + 2);
    expect(statements.filter((x) => x.Condition?.StringLike?.['kms:EncryptionContext:aws:cognito-idp:userpool-arn']).map((x) => x.Condition.StringLike['kms:EncryptionContext:aws:cognito-idp:userpool-arn'])).toEqual([POOLS('eu-west-1'), POOLS('eu-west-1')]);
    expect(statements.filter((x) => x.Condition?.StringEquals?.['kms:ViaService']).map((x) => x.Condition.StringEquals['kms:ViaService'])).toEqual(['cognito-idp.eu-west-1.amazonaws.com', 'cognito-idp.eu-west-1.amazonaws.com']);
  });

  test('AuthReplicaRegion.keyPolicyStatements(): the statements of its region and its features, as AuthUserPool.keyPolicyStatements gives them', () => {
    const { auth, secondary } = replicated();
    const withLogs = new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true } });
    const json = (list: iam.PolicyStatement[]) => secondary.resolve(list.map((x) => x.toStatementJson()));
    expect(json(withLogs.keyPolicyStatements())).toEqual(json(AuthUserPool.keyPolicyStatements(secondary, { userActivityLogs: true })));
    expect(json(withLogs.keyPolicyStatements())).toHaveLength(6);
    expect(json(AuthUserPool.keyPolicyStatements(secondary))).toHaveLength(4);
  });

  test('a replica that exports logs, without replicaKey: a warning lists what the replica key must allow', () => {
    const { auth, secondary } = replicated();
    new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true } });
    expect(() => Template.fromStack(secondary)).toThrow(
      "the replica in eu-west-1 exports logs, which Cognito encrypts with the pool key's replica in eu-west-1, and this construct cannot check that key: give it as replicaKey, or make sure its key policy allows " +
        `(1) cognito-idp.amazonaws.com, identitystore.amazonaws.com: kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext if aws:SourceAccount StringEquals ${ACCOUNT} and aws:SourceArn ArnLike ${POOLS('eu-west-1')} and kms:EncryptionContext:aws:cognito-idp:userpool-arn StringLike ${POOLS('eu-west-1')}; ` +
        `(2) cognito-idp.amazonaws.com, identitystore.amazonaws.com: kms:DescribeKey if aws:SourceAccount StringEquals ${ACCOUNT} and aws:SourceArn ArnLike ${POOLS('eu-west-1')}; ` +
        `(3) any principal: kms:DescribeKey if kms:ViaService StringEquals cognito-idp.eu-west-1.amazonaws.com and kms:CallerAccount StringEquals ${ACCOUNT}; ` +
        `(4) any principal: kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext if kms:ViaService StringEquals cognito-idp.eu-west-1.amazonaws.com and kms:CallerAccount StringEquals ${ACCOUNT} and kms:EncryptionContext:aws:cognito-idp:userpool-arn StringLike ${POOLS('eu-west-1')}; ` +
        `(5) cognito-idp.amazonaws.com: kms:GenerateDataKey, kms:Encrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_EU}; ` +
        `(6) delivery.logs.amazonaws.com: kms:GenerateDataKey, kms:Decrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_EU}. ` +
        "keyPolicyStatements() returns these; without (5) and (6) the replica's logs are not delivered",
    );
  });

  test('a replica key whose policy is plain JSON is checked: a warning lists the statements it lacks', () => {
    const { auth, secondary, key } = replicated();
    const replicaKey = new kms.CfnReplicaKey(secondary, 'KeyReplica', {
      primaryKeyArn: key.keyArn,
      keyPolicy: { Version: '2012-10-17', Statement: secondary.resolve([new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }), ...AuthUserPool.keyPolicyStatements(secondary)].map((x) => x.toStatementJson())) },
    });
    new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true }, replicaKey });
    expect(() => Template.fromStack(secondary)).toThrow(
      "replicaKey 'Secondary/KeyReplica' has a key policy written as JSON, which this construct cannot add to, and it lacks " +
        `(1) cognito-idp.amazonaws.com: kms:GenerateDataKey, kms:Encrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_EU}; ` +
        `(2) delivery.logs.amazonaws.com: kms:GenerateDataKey, kms:Decrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_EU}. ` +
        'Add them (keyPolicyStatements() returns every statement it needs), or acknowledge this warning if the policy allows the same in another form',
    );
  });

  test("a replica key of another region, or of another key than the pool's, is refused", () => {
    const { auth, primary, secondary, key } = replicated();
    expect(() => new AuthReplicaRegion(secondary, 'A', { auth, replicaKey: keyReplica(primary, key) })).toThrow(
      "[Secondary/A] replicaKey 'Primary/KeyReplica' is in us-east-1, but this replica region is eu-west-1: give the pool key's replica of eu-west-1",
    );
    const { primary: p2, secondary: s2 } = stacks();
    const imported = new CognitoAuth(p2, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: kms.Key.fromKeyArn(p2, 'Mrk', MRK), replicas: [{ region: 'eu-west-1' }] });
    const other = new kms.CfnReplicaKey(s2, 'Other', { primaryKeyArn: MRK.replace('mrk-1234', 'mrk-9999'), keyPolicy: new iam.PolicyDocument() });
    expect(() => new AuthReplicaRegion(s2, 'B', { auth: imported, replicaKey: other })).toThrow(
      `[Secondary/B] replicaKey 'Secondary/Other' replicates ${MRK.replace('mrk-1234', 'mrk-9999')}, but the pool's encryptionKey is ${MRK}: give the replica of the pool's key`,
    );
  });

  test('an imported pool key: the warning lists every statement its policy must allow, log delivery too when the pool exports logs', () => {
    const { primary } = stacks();
    new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: kms.Key.fromKeyArn(primary, 'Mrk', MRK), userActivityLogs: { messageDeliveryErrors: true } });
    const LOGS_US = `arn:aws:logs:us-east-1:${ACCOUNT}:*`;
    expect(() => Template.fromStack(primary)).toThrow(
      "encryptionKey 'Primary/Mrk' is imported, so this app cannot add to its key policy, which must allow in us-east-1: " +
        `(1) cognito-idp.amazonaws.com, identitystore.amazonaws.com: kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext if aws:SourceAccount StringEquals ${ACCOUNT} and aws:SourceArn ArnLike ${POOLS('us-east-1')} and kms:EncryptionContext:aws:cognito-idp:userpool-arn StringLike ${POOLS('us-east-1')}; ` +
        `(2) cognito-idp.amazonaws.com, identitystore.amazonaws.com: kms:DescribeKey if aws:SourceAccount StringEquals ${ACCOUNT} and aws:SourceArn ArnLike ${POOLS('us-east-1')}; ` +
        `(3) any principal: kms:DescribeKey if kms:ViaService StringEquals cognito-idp.us-east-1.amazonaws.com and kms:CallerAccount StringEquals ${ACCOUNT}; ` +
        `(4) any principal: kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKeyWithoutPlaintext if kms:ViaService StringEquals cognito-idp.us-east-1.amazonaws.com and kms:CallerAccount StringEquals ${ACCOUNT} and kms:EncryptionContext:aws:cognito-idp:userpool-arn StringLike ${POOLS('us-east-1')}; ` +
        `(5) cognito-idp.amazonaws.com: kms:GenerateDataKey, kms:Encrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_US}; ` +
        `(6) delivery.logs.amazonaws.com: kms:GenerateDataKey, kms:Decrypt if kms:EncryptionContext:SourceArn StringLike ${LOGS_US}. ` +
        'AuthUserPool.keyPolicyStatements(scope, { userActivityLogs: true }) returns these. Without (1) and (2) the pool cannot be created; (3) and (4) let the roles that call Cognito\'s admin APIs use the key through Cognito (the bundled triggers\' roles have the IAM side); without (5) and (6) the exported logs are not delivered',
    );
  });

  test("keyPolicyStatements() for a replica key the construct is not given (the warning acknowledged): log delivery's statements too", () => {
    const { auth, secondary, key } = replicated();
    const replica = new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true } });
    Validations.of(replica).acknowledge({ id: 'Annotation::cdk-cognito-auth:replicaKeyUnchecked', reason: 'the replica key is managed elsewhere' });
    keyReplica(secondary, key, replica.keyPolicyStatements());
    const statements = statementsOf(Template.fromStack(secondary), 'AWS::KMS::ReplicaKey');
    expect(statements.map((x) => x.Principal.Service ?? x.Principal.AWS)).toContain('delivery.logs.amazonaws.com');
  });
});

test('the upgrade check reports a switch of the issuer', () => {
  const template = (issuer?: IssuerForm) => {
    const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new CognitoAuth(stack, 'Auth', { issuer });
    return Template.fromStack(stack).toJSON();
  };
  const findings = UpgradeCheck.compare(template(), template(IssuerForm.UPDATED)).findings;
  expect(findings.map((f) => [f.kind, f.property])).toEqual([[UpgradeFindingKind.ISSUER_CHANGED, 'IssuerConfiguration.Type']]);
  expect(findings[0].message).toBe(
    'the issuer changes from "ORIGINAL" to "UPDATED": every token issued from the deploy on carries the other iss, and tokens issued before keep the old one until they expire',
  );
  expect(UpgradeCheck.compare(template(), template(IssuerForm.ORIGINAL)).findings).toEqual([]);
});
