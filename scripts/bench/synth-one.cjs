// One synth, timed inside this process (Node's start-up and module loading are not counted; loading is timed
// apart). Usage: node synth-one.cjs <library|handwritten> <groups> <clients>. Prints one JSON line.
const t0 = performance.now();
const path = require('path');
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const apigateway = require('aws-cdk-lib/aws-apigateway');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const idp = require('aws-cdk-lib/aws-cognito-identitypool');
const lib = require('../../dist');
const loaded = performance.now();

const [kind, groupCount, clientCount] = [process.argv[2], Number(process.argv[3] ?? 3), Number(process.argv[4] ?? 2)];
const root = path.join(__dirname, '..', '..');
const outdir = require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'bench-synth-'));
const app = new cdk.App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
const stack = new cdk.Stack(app, 'Bench');
const groups = Array.from({ length: groupCount }, (_, i) => ({ name: `group${i}`, precedence: i }));
const clients = Array.from({ length: clientCount }, (_, i) => ({ name: `client${i}`, callbackUrls: [`https://app${i}.example.com/callback`] }));

if (kind === 'library') {
  const auth = new lib.CognitoAuth(stack, 'Auth', {
    featurePlan: cognito.FeaturePlan.ESSENTIALS,
    clients: clients.map((c) => ({ ...c, kind: lib.ClientKind.PUBLIC_WEB })),
    domain: { prefix: 'bench-login' },
    groups,
    // Cognito maps roles for at most 10 identity providers (one per client), so past 10 clients there is no identity
    // pool (the library refuses more at synth).
    identityPool: clientCount <= 10 ? { roleMapping: groupCount <= 25 ? lib.RoleMapping.fromGroups() : lib.RoleMapping.fromToken() } : undefined,
    triggers: {
      preSignUp: { allowedEmailDomains: ['example.com'] },
      postConfirmation: { defaultGroups: ['group0'] },
      preTokenGeneration: { claimsFromAttributes: { tenant: 'email' } },
    },
  });
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addMethod('GET', new apigateway.MockIntegration(), auth.restApiMethodOptions(auth.restApiAuthorizer(stack, 'Authorizer')));
} else {
  // The same resources written with aws-cdk-lib's L2 constructs directly, with the same prebuilt handler bundles.
  const pool = new cognito.UserPool(stack, 'Pool', {
    signInAliases: { email: true },
    passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    featurePlan: cognito.FeaturePlan.ESSENTIALS,
    deletionProtection: true,
  });
  const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'bench-login' }, managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN });
  const poolClients = clients.map((c, i) => {
    const client = pool.addClient(`Client${i}`, {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: c.callbackUrls },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    new cognito.CfnManagedLoginBranding(stack, `Branding${i}`, { userPoolId: pool.userPoolId, clientId: client.userPoolClientId, useCognitoProvidedValues: true });
    return client;
  });
  const identityPool = new idp.IdentityPool(stack, 'Ids', {
    authenticationProviders: { userPools: poolClients.map((c) => new idp.UserPoolAuthenticationProvider({ userPool: pool, userPoolClient: c })) },
  });
  const roles = groups.map((g, i) => {
    const role = new iam.Role(stack, `GroupRole${i}`, {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': identityPool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new cognito.UserPoolGroup(stack, `Group${i}`, { userPool: pool, groupName: g.name, precedence: g.precedence, role });
    return role;
  });
  new cognito.CfnIdentityPoolRoleAttachment(stack, 'Mapping', {
    identityPoolId: identityPool.identityPoolId,
    roleMappings: Object.fromEntries(poolClients.map((c, i) => [`client${i}`, {
      type: groupCount <= 25 ? 'Rules' : 'Token',
      ambiguousRoleResolution: 'AuthenticatedRole',
      identityProvider: `${pool.userPoolProviderName}:${c.userPoolClientId}`,
      rulesConfiguration: groupCount <= 25 ? { rules: groups.map((g, j) => ({ claim: 'cognito:groups', matchType: 'Contains', value: g.name, roleArn: roles[j].roleArn })) } : undefined,
    }])),
  });
  for (const [op, name] of [[cognito.UserPoolOperation.PRE_SIGN_UP, 'pre-signup'], [cognito.UserPoolOperation.POST_CONFIRMATION, 'post-confirmation'], [cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, 'pre-token-generation']]) {
    const fn = new lambda.Function(stack, `Fn-${name}`, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      timeout: cdk.Duration.seconds(5),
      code: lambda.Code.fromAsset(path.join(root, 'assets', name)),
      environment: { TRIGGER_CONFIG: '{}' },
    });
    if (op === cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG) pool.addTrigger(op, fn, cognito.LambdaVersion.V2_0);
    else pool.addTrigger(op, fn);
  }
  void domain;
  const api = new apigateway.RestApi(stack, 'Api');
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationType: apigateway.AuthorizationType.COGNITO });
}

const assembly = app.synth();
const done = performance.now();
const templateBytes = require('fs').statSync(path.join(assembly.directory, 'Bench.template.json')).size;
require('fs').rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ kind, groups: groupCount, clients: clientCount, loadMs: loaded - t0, synthMs: done - loaded, templateBytes }) + '\n');
