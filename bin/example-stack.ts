import { RemovalPolicy, SecretValue, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AuthEventsDestination, ClientKind, CognitoAuth, IdentityProvider, MessageSource, RiskAction, RoleMapping, type MessageTemplate,
} from '../lib';

/** The example app's two stages. */
export type Stage = 'dev' | 'prod';

export interface ExampleStackProps extends StackProps {
  readonly stage: Stage;
  /** Cognito prefix domain; must be unique in the region. */
  readonly domainPrefix: string;
  /** Where the web client may send users back to after sign-in. */
  readonly callbackUrls: string[];
  /** Where the web client may send users after sign-out. */
  readonly logoutUrls: string[];
  /** Sign in with Google, when set. */
  readonly google?: ExampleGoogleProps;
  /** A company SAML identity provider, when set. */
  readonly saml?: ExampleSamlProps;
  /** Email goes out through SES (dev: Cognito sends it; prod: the custom email sender): the sender address, verified in SES. */
  readonly sesFromEmail: string;
  /** The region of that SES identity. */
  readonly sesRegion: string;
  /** prod only: replicate the pool into this region, encrypting it with this multi-Region key. */
  readonly replica?: { readonly region: string; readonly key: kms.IKey };
}

/** The example's Google provider: the OAuth client id, and the Secrets Manager secret that holds its secret. */
export interface ExampleGoogleProps {
  readonly clientId: string;
  /** A secret whose JSON has a `clientSecret` field. */
  readonly secretName: string;
}

/** The example's SAML provider. */
export interface ExampleSamlProps {
  /** The IdP's metadata URL (https). */
  readonly metadataUrl: string;
  /** Email domains whose users go straight to this IdP. */
  readonly identifiers: string[];
}

/**
 * The example's messages: sign-up, invitation, forgotten password and sign-in codes, in English (the default) and German.
 * dev returns them to Cognito from the custom message trigger; prod sends them itself through the custom email sender.
 * The sign-up code goes to an address nobody has proven yet, so it greets no one by name: a name there would be text
 * its sender chose, delivered to anyone's inbox (the library keeps such an attribute out of every client's writes).
 * The password reset goes to a verified address, and greets the user.
 */
const MESSAGES: MessageTemplate[] = [
  {
    source: MessageSource.SIGN_UP,
    emailSubject: 'Welcome to the example app',
    emailBody: '<p>Welcome!</p><p>Your confirmation code is <b>{####}</b>.</p>',
    sms: 'Your example app code: {####}',
  },
  {
    source: MessageSource.SIGN_UP,
    locale: 'de',
    emailSubject: 'Willkommen in der Beispiel-App',
    emailBody: '<p>Willkommen!</p><p>Ihr Bestätigungscode lautet <b>{####}</b>.</p>',
  },
  {
    source: MessageSource.ADMIN_CREATE_USER,
    emailSubject: 'Your example app account',
    emailBody: '<p>Your user name is <b>{username}</b> and your temporary password <b>{####}</b>.</p>',
  },
  {
    source: MessageSource.FORGOT_PASSWORD,
    emailSubject: 'Reset your password',
    emailBody: '<p>Hello {given_name},</p><p>your password reset code is <b>{####}</b>.</p>',
  },
  { source: MessageSource.AUTHENTICATION, emailSubject: 'Your sign-in code', emailBody: '<p>Your sign-in code is <b>{####}</b>.</p>' },
];

/**
 * The example's auth stack: a user pool for a web app, a mobile app and a back-end service, with admin and member groups
 * whose roles an identity pool hands out. prod: Plus plan with enforced threat protection, MFA required, passkeys
 * (which count as MFA) beside passwords, terms on the web client's sign-up page, retained with deletion protection.
 * prod with a replica: MFA optional and no passkeys (replicas do not take TOTP, and a passkey of the prefix domain's
 * host works in the primary's region only; with a custom domain, passkeys work in both).
 * prod also exports user activity logs, puts a web ACL in front of sign-in, has alarms (to an SNS topic) and a dashboard,
 * gives threat protection its rules (compromised credentials blocked; MFA at medium risk, a block at high risk), traces
 * its bundled functions, and sends its emails itself, through the bundled custom email sender and SES (without a replica).
 * dev: Essentials, MFA optional, email one-time codes beside passwords (through SES), messages from the example's templates
 * (the bundled custom message trigger), destroyed with the stack; it exports message-delivery errors only.
 */
export class ExampleStack extends Stack {
  public readonly auth: CognitoAuth;

  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    const prod = props.stage === 'prod';
    // prod with a replica: Cognito replicas do not take TOTP, so with TOTP as the only second factor a required MFA
    // would let no one sign in in the replica; and the prefix domain's host, which passkeys are bound to, names the
    // primary's region. So MFA is optional there, and passkeys wait for a custom domain.
    const replicated = prod && props.replica !== undefined;

    this.auth = new CognitoAuth(this, 'Auth', {
      signIn: { email: true },
      selfSignUp: true,
      standardAttributes: { email: { required: true, mutable: true }, givenName: { required: false, mutable: true } },
      customAttributes: {
        tenant_id: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }),
        // Mutable, but no app client may write it: it becomes the `plan` claim, so only an admin call sets it.
        plan: new cognito.StringAttribute({ mutable: true, maxLen: 32 }),
      },
      featurePlan: prod ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      threatProtection: prod ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      mfa: prod && !replicated ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // prod: passkeys beside passwords; a passkey with user verification counts as MFA, which prod requires.
      // dev: a one-time code by email beside passwords, which needs email through SES.
      signInMethods: replicated ? undefined : prod ? { passkey: true } : { emailOtp: true },
      passkeys: prod && !replicated ? { multiFactor: true } : undefined,
      email: prod
        ? undefined
        : cognito.UserPoolEmail.withSES({ fromEmail: props.sesFromEmail, fromName: 'Cognito auth example', sesRegion: props.sesRegion }),
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      resourceServers: [
        {
          identifier: 'orders',
          name: 'Orders API',
          scopes: [
            { name: 'read', description: 'Read orders' },
            { name: 'write', description: 'Create and change orders' },
          ],
        },
      ],
      clients: [
        {
          name: 'web',
          kind: ClientKind.PUBLIC_WEB,
          callbackUrls: props.callbackUrls,
          logoutUrls: props.logoutUrls,
          terms: prod ? { termsOfUseUrl: 'https://app.example.com/terms', privacyPolicyUrl: 'https://app.example.com/privacy' } : undefined,
        },
        { name: 'mobile', kind: ClientKind.NATIVE, callbackUrls: ['exampleapp://callback'], logoutUrls: ['exampleapp://signout'] },
        {
          name: 'orders-service',
          kind: ClientKind.SERVER,
          clientCredentials: true,
          scopes: [cognito.OAuthScope.custom('orders/read'), cognito.OAuthScope.custom('orders/write')],
        },
      ],
      domain: { prefix: props.domainPrefix },
      identityProviders: [
        ...(props.google
          ? [
            IdentityProvider.google({
              clientId: props.google.clientId,
              clientSecret: SecretValue.secretsManager(props.google.secretName, { jsonField: 'clientSecret' }),
            }),
          ]
          : []),
        ...(props.saml
          ? [
            IdentityProvider.saml({
              name: 'Corporate',
              metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(props.saml.metadataUrl),
              identifiers: props.saml.identifiers,
            }),
          ]
          : []),
      ],
      groups: [
        { name: 'admin', description: 'Administrators', precedence: 0, permissions: ['orders:read', 'orders:write'], scopes: ['orders/write'] },
        { name: 'member', description: 'Signed-up customers', precedence: 10, permissions: ['orders:read'], scopes: ['orders/read'] },
      ],
      triggers: {
        preSignUp: {
          blockedEmailDomains: ['mailinator.com'],
          // dev: colleagues at example.com skip the email code; prod confirms everyone by code and links federated
          // sign-ins to native users by verified address. The two never go together: an address confirmed without a
          // code is not proven, and linking trusts it.
          autoConfirmEmailDomains: prod ? [] : ['example.com'],
          linkExternalUsers: prod,
        },
        postConfirmation: { defaultGroups: ['member'], createProfileTable: true },
        preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id', plan: 'custom:plan' } },
        // dev: Cognito's messages from the example's templates, in English and German (by the user's locale). prod: the
        // bundled email sender decrypts each code and sends the same templates through SES (Cognito encrypts the codes with
        // a key the library creates). Not with a replica: AuthReplicaRegion does not wire custom senders.
        messages: prod ? undefined : { templates: MESSAGES },
        emailSender: prod && !replicated ? { fromAddress: props.sesFromEmail, templates: MESSAGES } : undefined,
      },
      identityPool: {
        roleMapping: RoleMapping.fromGroups(),
        principalTags: { tenant: 'custom:tenant_id' },
      },
      tags: { app: 'cognito-auth-example', stage: props.stage },
      frontendConfig: { ssmParameterName: `/cognito-auth-example/${props.stage}/frontend-config` },
      // dev opts in to the post-deploy smoke check (npm run smoke -- --stack CognitoAuthExample-dev --api-url <the
      // API stack's RestApiUrl>), which calls the REST API's /me; prod gets no smoke client.
      smokeCheck: prod ? undefined : { group: 'member', apiPath: 'me' },
      // prod: every production part (see the README's "Running it in production"); dev: why a code never arrived.
      userActivityLogs: prod
        ? { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() }
        : { messageDeliveryErrors: true, removalPolicy: RemovalPolicy.DESTROY, retention: logs.RetentionDays.TWO_WEEKS },
      firewall: prod ? {} : undefined,
      monitoring: prod ? { createAlarmTopic: true } : undefined,
      // prod: threat protection acts: leaked passwords are refused at sign-in, sign-up and password change; a medium-risk
      // sign-in asks for MFA, a high-risk one is blocked.
      threatProtectionRules: prod
        ? {
          compromisedCredentials: {},
          accountTakeover: { mediumRisk: { action: RiskAction.MFA_IF_CONFIGURED }, highRisk: { action: RiskAction.BLOCK } },
        }
        : undefined,
      // prod traces every bundled function (the triggers and the JWT authorizers) with X-Ray.
      bundledFunctions: prod ? { tracing: lambda.Tracing.ACTIVE } : undefined,
      // prod with -c replicaRegion=<region>: a replica there (the updated issuer follows), encrypted with a multi-Region key.
      replicas: props.replica ? [{ region: props.replica.region, tags: { app: 'cognito-auth-example', stage: props.stage } }] : undefined,
      encryptionKey: props.replica?.key,
    });
    if (props.replica) {
      Validations.of(this.auth.authUserPool).acknowledge({
        id: 'Annotation::cdk-cognito-auth:replicaTotp',
        reason: 'prod users with an authenticator app sign in while the primary serves; MFA is optional here, so users without one sign in in both ' +
          'regions.',
      });
      Validations.of(this.auth.userPool.node.defaultChild!).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'prod with a replica: replicas do not take TOTP, the only second factor here, so a required MFA would let no one sign in in the ' +
          'replica.',
      });
    }

    // Files that signed-in users reach with identity-pool credentials: each member has a folder of their own,
    // each admin their tenant's folder.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the user-files bucket; logging it into itself would loop.',
    });
    const files = new s3.Bucket(this, 'UserFiles', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'user-files/',
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.auth.identityPool!.grantUserFolder(this.auth.group('member').role!, files);
    this.auth.identityPool!.grantTenantFolder(this.auth.group('admin').role!, files);

    if (!prod) {
      const pool = this.auth.userPool.node.defaultChild!;
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'dev stage: MFA is optional so that test users can sign in without an authenticator; prod requires it.',
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG3',
        reason: 'dev stage: threat protection needs the Plus plan, which costs more per user; prod enforces it.',
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: 'dev stage: the Essentials plan keeps test users cheap; prod runs on Plus.',
      });
    }
  }
}
