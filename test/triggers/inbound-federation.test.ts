import { SecretValue, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AuthReplicaRegion, ClientKind, CognitoAuth, CognitoAuthProps, FederationRule, IdentityProvider, InboundFederationTrigger, RoleMapping,
  RuleMatchType,
} from '../../lib';
import { parseInboundFederationConfig } from '../../lambda/inbound-federation/handler';
import { testStack } from '../support/helpers';
import { replicated } from '../support/multi-region';

const secret = SecretValue.secretsManager('auth/idp');
const google = () => IdentityProvider.google({ clientId: 'g', clientSecret: secret });
const okta = (attributeMapping?: cognito.AttributeMapping) =>
  IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'https://example.okta.com', attributeMapping });
const corporate = (emailVerifiedAttribute?: string) =>
  IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'), emailVerifiedAttribute });
const web = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] };

function auth(props: CognitoAuthProps, stack: Stack = testStack()) {
  return new CognitoAuth(stack, 'Auth', { domain: { prefix: 'example-federation' }, clients: [web], ...props });
}
const configOf = (template: Template) => {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Description?.includes('inbound federation'))!;
  return JSON.parse(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
};

describe('CognitoAuth with the bundled inbound federation trigger', () => {
  const stack = testStack();
  const a = auth({
    identityProviders: [okta({ custom: { groups: cognito.ProviderAttribute.other('app_groups') } }), corporate()],
    customAttributes: { groups: new cognito.StringAttribute({ mutable: true, maxLen: 2048 }) },
    bundledFunctions: { logRetention: logs.RetentionDays.ONE_YEAR },
    triggers: {
      inboundFederation: {
        rules: [
          FederationRule.rename('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'email', { providers: ['Corporate'] }),
          FederationRule.lowercase('email'),
          FederationRule.groupsToAttribute('groups', 'app_groups', { prefix: 'app-', separator: ' ', providers: ['Okta'] }),
        ],
      },
    },
  }, stack);
  const template = Template.fromStack(stack);

  test('the pool names the function as its InboundFederation trigger, with the one event version Cognito takes (V1_0)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { InboundFederation: { LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthInboundFederationHandlerFunction'), 'Arn'] }, LambdaVersion: 'V1_0' } },
    });
  });

  test('Cognito may invoke it for this pool only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthInboundFederationHandlerFunction'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'Arn'] },
    });
  });

  test('the rules reach the handler in order, with their defaults, and its own parser reads them', () => {
    const config = configOf(template);
    expect(config).toEqual({
      rules: [
        { kind: 'rename', source: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', target: 'email', providers: ['Corporate'] },
        { kind: 'lowercase', source: 'email', target: 'email', providers: [] },
        { kind: 'groups', source: 'groups', target: 'app_groups', providers: ['Okta'], separator: ' ', sourceSeparator: ',', prefix: 'app-', maxLength: 2048 },
      ],
    });
    expect(parseInboundFederationConfig({ TRIGGER_CONFIG: JSON.stringify(config) })).toEqual(config);
  });

  test('it takes the bundledFunctions settings, and its role may write its own logs only', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    expect(a.inboundFederationTrigger).toBeDefined();
    expect(a.triggerFunction(cognito.UserPoolOperation.of('inboundFederation'))).toBe(a.inboundFederationTrigger!.function);
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: 'Cognito inbound federation trigger (cdk-cognito-auth)' } });
    const [role] = Object.values(roles);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toEqual([
      { PolicyName: 'logs', PolicyDocument: expect.objectContaining({ Statement: [expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] }) },
    ]);
    expect(Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('AuthInboundFederation'))).toEqual([]);
  });

  test('the groups attribute the rule writes is mapped, and the client that offers Okta can write it (Cognito writes through it)', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client.Properties.WriteAttributes).toContain('custom:groups');
  });
});

describe('the rules are checked by themselves', () => {
  const refused = (rules: FederationRule[]) => () => auth({ identityProviders: [okta()], triggers: { inboundFederation: { rules } } });
  const at = '[Test/Auth/InboundFederation] ';

  test.each<[string, FederationRule[], string]>([
    ['no rule', [], 'triggers.inboundFederation.rules is empty: give at least one rule (FederationRule.rename, .lowercase or .groupsToAttribute)'],
    ['a rename onto itself', [FederationRule.rename('email', 'email')], "triggers.inboundFederation.rules[0] renames 'email' to itself: give another name as newName"],
    ['an empty name', [FederationRule.lowercase('')],
      "triggers.inboundFederation.rules[0].attribute '' is invalid: give the provider's attribute name, not empty and without spaces around it"],
    ['spaces around a name', [FederationRule.rename('mail', 'email ')],
      "triggers.inboundFederation.rules[0].newName 'email ' is invalid: give the provider's attribute name, not empty and without spaces around it"],
    ['a token as a name', [FederationRule.rename(Token.asString({ Ref: 'P' }), 'email')],
      'triggers.inboundFederation.rules[0].attribute is a token: the rules are written into the function\'s configuration at synth'],
    ['a token of the token response written', [FederationRule.groupsToAttribute('groups', 'access_token')],
      "triggers.inboundFederation.rules[0].attribute 'access_token' names a token of the provider's token response: Cognito takes access_token, " +
        "id_token, refresh_token from the provider's token endpoint, and a rule may neither write one nor move one; give a profile attribute"],
    ['a token of the token response moved', [FederationRule.rename('id_token', 'custom_token')],
      "triggers.inboundFederation.rules[0].attribute 'id_token' names a token of the provider's token response: Cognito takes access_token, " +
        "id_token, refresh_token from the provider's token endpoint, and a rule may neither write one nor move one; give a profile attribute"],
    ['an empty provider list', [FederationRule.lowercase('email', { providers: [] })],
      'triggers.inboundFederation.rules[0].providers is empty: leave it out for every provider, or name at least one'],
    ['a provider twice', [FederationRule.lowercase('email', { providers: ['Okta', 'Okta'] })],
      "triggers.inboundFederation.rules[0].providers has 'Okta' more than once: names must be unique"],
    ['an empty separator', [FederationRule.groupsToAttribute('groups', 'g', { separator: '' })],
      "triggers.inboundFederation.rules[0].separator is empty: leave it out for ',', or give one"],
    ['an empty prefix', [FederationRule.groupsToAttribute('groups', 'g', { prefix: '' })],
      'triggers.inboundFederation.rules[0].prefix is empty: leave it out for every group, or give one'],
    ['a prefix that holds the separator', [FederationRule.groupsToAttribute('groups', 'g', { prefix: 'app-', separator: '-' })],
      "triggers.inboundFederation.rules[0].prefix 'app-' holds the separator '-': the trigger leaves out a group whose name holds the separator " +
        '(it would read as several groups), so every group the prefix keeps would be left out; give a separator the prefix does not hold'],
    ['maxLength past the mapped limit', [FederationRule.groupsToAttribute('groups', 'g', { maxLength: 4096 })],
      "triggers.inboundFederation.rules[0].maxLength 4096 is invalid: a whole number from 1 to 2048 (Cognito's limit on a mapped attribute's value)"],
    ...['sub', 'username', 'identities', 'cognito:groups'].map((name): [string, FederationRule[], string] => [
      `'${name}' written`, [FederationRule.rename('nickname', name)],
      `triggers.inboundFederation.rules[0] writes '${name}', a name Cognito keeps for who the user is (sub, username, identities, cognito:*): ` +
        "a rule that wrote it would let what the provider sends pass for the user's identity; write a profile attribute"]),
    ['a verification state written under its own name', [FederationRule.lowercase('phone_number_verified')],
      "triggers.inboundFederation.rules[0] writes 'phone_number_verified', which says whether an address or number was proven: a rule would " +
        'decide what counts as proven (where it is a sign-in alias, one user holds a verified address or number, and a newly verified one can ' +
        'take it over); leave it as the provider sends it'],
    ['two rules writing one attribute', [FederationRule.rename('mail', 'email'), FederationRule.groupsToAttribute('groups', 'email')],
      "triggers.inboundFederation.rules[1] writes 'email', which rules[0] writes too for the same providers: the later one would replace it; give " +
        'one rule per attribute, or different providers'],
  ])('%s', (_what, rules, message) => {
    expect(refused(rules)).toThrow(at + message);
  });

  test('two rules writing one attribute for different providers are fine', () => {
    expect(() => auth({
      identityProviders: [okta(), corporate()],
      triggers: { inboundFederation: { rules: [
        FederationRule.rename('mail', 'email', { providers: ['Corporate'] }), FederationRule.rename('upn', 'email', { providers: ['Okta'] }),
      ] } },
    })).not.toThrow();
  });

  test('from plain JavaScript, an option misspelled is refused with the closest name', () => {
    expect(() => FederationRule.lowercase('email', { provider: ['Okta'] } as never)).toThrow(
      "FederationRule.lowercase() options has an unknown prop 'provider': did you mean 'providers'?",
    );
  });
});

describe('the rules against the pool: what a rule writes never feeds a claim, tag, rule or linking', () => {
  const tier = (role = iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/gold')) =>
    RoleMapping.fromRules([{ claim: 'custom:tier', matchType: RuleMatchType.EQUALS, value: 'gold', role }]);

  test('no identity provider: the trigger would never run', () => {
    expect(() => auth({ triggers: { inboundFederation: { rules: [FederationRule.lowercase('email')] } } })).toThrow(
      '[Test/Auth] triggers.inboundFederation is set, but identityProviders is empty: Cognito runs the inbound federation trigger only when a user ' +
        'signs in through an identity provider; add one, or leave the trigger out',
    );
  });

  test('a provider the pool does not have', () => {
    expect(() => auth({ identityProviders: [okta()], triggers: { inboundFederation: { rules: [FederationRule.lowercase('email', { providers: ['Octa'] })] } } }))
      .toThrow("[Test/Auth] triggers.inboundFederation.rules[0].providers[0] 'Octa' is not an identity provider of this pool; providers: Okta");
  });

  test('groups written into an attribute that a role-mapping rule tests, through the provider\'s mapping, are refused', () => {
    expect(() => auth({
      customAttributes: { tier: new cognito.StringAttribute({ mutable: true }) },
      identityProviders: [okta({ custom: { tier: cognito.ProviderAttribute.other('tier') } })],
      identityPool: { roleMapping: tier() },
      triggers: { inboundFederation: { rules: [FederationRule.groupsToAttribute('groups', 'tier')] } },
    })).toThrow(
      "[Test/Auth] triggers.inboundFederation.rules[0] writes 'tier', which 'Okta' maps to 'custom:tier', but 'custom:tier' feeds role-mapping rule 0 " +
        '(identityPool.roleMapping): what a rule writes comes from the provider, where its user controls much of what is sent, and a mapped ' +
        "attribute is one the client can write; write another attribute, or stop using 'custom:tier' there",
    );
  });

  test('a rename onto a pool attribute\'s own name that a claim is copied from is refused', () => {
    expect(() => auth({
      customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
      identityProviders: [okta()],
      triggers: {
        preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant' } },
        inboundFederation: { rules: [FederationRule.rename('organisation', 'custom:tenant')] },
      },
    })).toThrow(
      "[Test/Auth] triggers.inboundFederation.rules[0] writes 'custom:tenant', but 'custom:tenant' feeds the claim 'tenant' " +
        '(triggers.preTokenGeneration.claimsFromAttributes): what a rule writes comes from the provider, where its user controls much of what is ' +
        "sent, and a mapped attribute is one the client can write; write another attribute, or stop using 'custom:tenant' there",
    );
  });

  test('a verification state may not be written, linking or not, through the mapping (under its own name, see the rules by themselves)', () => {
    expect(() => auth({
      identityProviders: [okta({ emailVerified: cognito.ProviderAttribute.other('mail_ok') })],
      clients: [{ ...web, writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }) }],
      triggers: { inboundFederation: { rules: [FederationRule.rename('profile_says_ok', 'mail_ok')] } },
    })).toThrow(
      "[Test/Auth] triggers.inboundFederation.rules[0] writes 'mail_ok', which 'Okta' maps to 'email_verified', which says whether an address or " +
        'number was proven: a rule would decide what counts as proven (where it is a sign-in alias, one user holds a verified address or number, ' +
        'and a newly verified one can take it over); leave it as the provider sends it',
    );
  });

  test('a linked provider\'s verification signal may not be written, not even lowercased', () => {
    expect(() => auth({
      identityProviders: [corporate('mail_verified')],
      triggers: {
        preSignUp: { linkExternalUsers: true, linkProviders: ['Corporate'] },
        inboundFederation: { rules: [FederationRule.lowercase('mail_verified')] },
      },
    })).toThrow(
      "[Test/Auth] triggers.inboundFederation.rules[0] writes 'mail_verified', the email verification signal of 'Corporate', whose users account " +
        'linking links (triggers.preSignUp.linkProviders): a rule could make an address nobody proved look verified; leave the signal as the ' +
        'provider sends it',
    );
  });

  test('for a linked provider, another attribute may not be renamed into the address linking matches', () => {
    expect(() => auth({
      identityProviders: [google()],
      triggers: { preSignUp: { linkExternalUsers: true }, inboundFederation: { rules: [FederationRule.rename('hd_mail', 'email')] } },
    })).toThrow(
      "[Test/Auth] triggers.inboundFederation.rules[0] writes 'hd_mail' into 'email', which becomes the address of 'Google''s users, whom account " +
        "linking links (triggers.preSignUp.linkProviders): the provider's verification signal speaks for the address it sent, not for another of " +
        "its attributes; leave 'Google' out of the rule's providers, or out of linkProviders",
    );
  });

  describe('a provider that maps the verified flag: no other value may land in the address it vouches for, linked or not', () => {
    const oktaVerifying = () => okta({ emailVerified: cognito.ProviderAttribute.other('email_verified') });
    const rules = (...r: FederationRule[]) => ({ triggers: { inboundFederation: { rules: r } } });

    test('a rename into email, for a provider not linked that maps email_verified', () => {
      expect(() => auth({ identityProviders: [oktaVerifying()], ...rules(FederationRule.rename('preferred_username', 'email')) })).toThrow(
        "[Test/Auth] triggers.inboundFederation.rules[0] writes 'preferred_username' into 'email', and 'Okta' maps 'email_verified': the " +
          "provider's flag speaks for the value it sent as 'email', and would vouch for another attribute's value (where 'email' is a sign-in " +
          "alias or linking trusts it, one user could take over another's); leave 'Okta' out of the rule's providers, or stop mapping " +
          "'email_verified' for it",
      );
    });

    test('groups written into the attribute the provider maps to phone_number, for a provider that maps phone_number_verified', () => {
      const corp = IdentityProvider.saml({
        name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'),
        attributeMapping: {
          phoneNumber: cognito.ProviderAttribute.other('mobile'), custom: { phone_number_verified: cognito.ProviderAttribute.other('mobile_ok') },
        },
      });
      expect(() => auth({ identityProviders: [okta(), corp], ...rules(FederationRule.groupsToAttribute('groups', 'mobile', { providers: ['Corporate'] })) }))
        .toThrow(
          "[Test/Auth] triggers.inboundFederation.rules[0] writes 'groups' into 'mobile', which 'Corporate' maps to 'phone_number', and " +
            "'Corporate' maps 'phone_number_verified': the provider's flag speaks for the value it sent as 'phone_number', and would vouch for " +
            "another attribute's value (where 'phone_number' is a sign-in alias or linking trusts it, one user could take over another's); leave " +
            "'Corporate' out of the rule's providers, or stop mapping 'phone_number_verified' for it",
        );
    });

    test('a rule for every provider is checked for each: the one that maps the flag is named', () => {
      expect(() => auth({ identityProviders: [okta(), corporate(), IdentityProvider.oidc({
        name: 'Entra', clientId: 'e', clientSecret: secret, issuerUrl: 'https://login.example.com/v2.0',
        attributeMapping: { emailVerified: cognito.ProviderAttribute.other('email_verified') },
      })], ...rules(FederationRule.rename('upn', 'email')) })).toThrow(
        "[Test/Auth] triggers.inboundFederation.rules[0] writes 'upn' into 'email', and 'Entra' maps 'email_verified'",
      );
    });

    test('lowercasing the address it vouches for stays allowed, and so does a rename for a provider without the flag', () => {
      expect(() => auth({
        identityProviders: [oktaVerifying(), corporate()],
        clients: [{
          ...web,
          writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
            email: true, emailVerified: true, givenName: true, familyName: true, profilePicture: true,
          }),
        }],
        ...rules(
          FederationRule.lowercase('email'),
          FederationRule.rename('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'email', { providers: ['Corporate'] }),
        ),
      })).not.toThrow();
    });
  });

  test('for a linked provider, lowercasing the address is allowed (it verifies nothing); for a provider not linked, a rename into it too', () => {
    expect(() => auth({
      identityProviders: [google(), okta()],
      triggers: {
        preSignUp: { linkExternalUsers: true, linkProviders: ['Google'] },
        inboundFederation: { rules: [FederationRule.lowercase('email'), FederationRule.rename('upn', 'email', { providers: ['Okta'] })] },
      },
    })).not.toThrow();
  });
});

describe('standalone and beside other constructs', () => {
  test('InboundFederationTrigger on a pool of its own; a second one on the same pool is refused', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    new InboundFederationTrigger(stack, 'Federation', { userPool: pool, rules: [FederationRule.lowercase('email')] });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { InboundFederation: { LambdaVersion: 'V1_0' } } });
    expect(() => new InboundFederationTrigger(stack, 'Again', { userPool: pool, rules: [FederationRule.lowercase('email')] })).toThrow(
      "[Test/Again] the user pool 'Test/Pool' has an inbound federation trigger already: a pool has one; give all the rules to it",
    );
  });

  test('standalone, the checks that need no pool are made too: a verification state written is refused on a plain UserPool', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    expect(() => new InboundFederationTrigger(stack, 'Federation', { userPool: pool, rules: [FederationRule.rename('nickname', 'email_verified')] }))
      .toThrow(
        "[Test/Federation] triggers.inboundFederation.rules[0] writes 'email_verified', which says whether an address or number was proven: a " +
          'rule would decide what counts as proven (where it is a sign-in alias, one user holds a verified address or number, and a newly ' +
          'verified one can take it over); leave it as the provider sends it',
      );
  });

  test('standalone, a rule that writes sub is refused too', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    expect(() => new InboundFederationTrigger(stack, 'Federation', { userPool: pool, rules: [FederationRule.lowercase('sub')] })).toThrow(
      "[Test/Federation] triggers.inboundFederation.rules[0] writes 'sub', a name Cognito keeps for who the user is (sub, username, identities, " +
        "cognito:*): a rule that wrote it would let what the provider sends pass for the user's identity; write a profile attribute",
    );
  });

  test('an imported pool is refused', () => {
    const stack = testStack();
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Imported', 'eu-west-1_abc');
    expect(() => new InboundFederationTrigger(stack, 'Federation', { userPool: pool, rules: [FederationRule.lowercase('email')] }))
      .toThrow(/userPool 'Test\/Imported' is not a cognito\.UserPool of this app/);
  });

  test('AuthReplicaRegion refuses a pool with the trigger, which it does not create in its region', () => {
    const { auth: replicatedAuth, secondary } = replicated({
      domain: { prefix: 'example-replicated' },
      identityProviders: [okta()],
      triggers: { inboundFederation: { rules: [FederationRule.lowercase('email')] } },
    });
    expect(() => new AuthReplicaRegion(secondary, 'Replica', { auth: replicatedAuth })).toThrow(
      "the pool has an inboundFederation trigger, which AuthReplicaRegion does not wire: a federated sign-in served in this region would skip its " +
        "rules; write the replica's regional configuration yourself (CfnUserPoolRegionalConfigurationAttachment) instead of AuthReplicaRegion",
    );
  });
});
