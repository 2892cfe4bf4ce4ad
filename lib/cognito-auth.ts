import { Annotations, CfnOutput, Lazy, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AppClient, AppClientOptions, ClientKind } from './app-clients';
import { HttpApiAuthorizerOptions, JwtAuthorizerFunction, JwtAuthorizerOptions, RestApiAuthorizerOptions, UserPoolHttpAuthorizer } from './authorizers';
import type { FrontendClientConfig, FrontendConfig, SmokeCheckConfig } from './frontend-config';
import { GroupOptions, UserGroup } from './groups';
import { HostedDomain, HostedDomainOptions } from './hosted-domain';
import { GroupRoleIdentityPool, IdentityPoolOptions, RoleMappingKind, UnmatchedUsers } from './identity-pool';
import { IdentityProvider, IdentityProviders, IdentityProviderType } from './identity-providers';
import { protectedAttributes } from './private/protected-attributes';
import { issuerUrl, outputClient, outputDomain, outputFederation, outputUserPool } from './private/outputs';
import {
  ADJUSTABLE_QUOTAS,
  ConfigError,
  LIMITS,
  NAME_ALLOWED,
  NAME_PATTERN,
  validateAttributeName,
  validateCount,
  validateSsmParameterName,
  validateText,
  validateUnique,
} from './private/validate';
import {
  PostConfirmationTrigger,
  PreSignUpTrigger,
  PreTokenGenerationTrigger,
  TriggersOptions,
} from './triggers';
import { AuthUserPool, UserPoolOptions } from './user-pool';

/** One custom scope of a resource server. */
export interface ResourceServerScopeOptions {
  /** The scope's name; clients ask for `<identifier>/<name>`. */
  readonly name: string;
  /** What the scope allows. */
  readonly description: string;
}

/** A resource server (an API) with custom OAuth scopes. */
export interface ResourceServerOptions {
  /** The identifier, usually the API's URL or a short name; the prefix of its scopes. */
  readonly identifier: string;
  /**
   * A friendly name: 1 to 256 letters, digits, white space and _ + = , . @ -.
   * @default - the identifier, with each character a name may not have replaced by '-'
   */
  readonly name?: string;
  /** The scopes. */
  readonly scopes: ResourceServerScopeOptions[];
}

/** The JWT Lambda authorizer's settings, as `CognitoAuth.jwtAuthorizer` takes them. */
export interface CognitoJwtAuthorizerOptions extends JwtAuthorizerOptions {
  /**
   * The clients whose tokens are accepted, by name.
   * @default - every client that signs users in (not machine-to-machine clients)
   */
  readonly clients?: string[];
}

/** Where the front-end config goes besides the `FrontendConfig` stack output. */
export interface FrontendConfigOptions {
  /**
   * Also write the config (JSON) to an SSM String parameter of this name (like `/my-app/auth/frontend-config`), for
   * a front-end build to read with `aws ssm get-parameter`. Standard tier: the value may be at most 4 KB.
   * @default - no parameter
   */
  readonly ssmParameterName?: string;
}

/** The post-deploy smoke check's settings (`npm run smoke -- --stack <name>`). */
export interface SmokeCheckOptions {
  /**
   * The group the temporary user joins; its token must carry it, and the identity pool must give its role.
   * @default - no group: the user should get the identity pool's default authenticated role
   */
  readonly group?: string;

  /**
   * The name of an API added with `addApiUrl` whose route `apiPath` the check calls with the user's ID token
   * (expecting 200) and without a token (expecting 401).
   * @default - no API call
   */
  readonly api?: string;

  /**
   * The route, appended to the API's URL as it is (API URLs of aws-cdk-lib end with a slash): `me` for
   * https://abc.execute-api.eu-west-1.amazonaws.com/prod/me. Without `api` (an API in another stack, whose URL
   * this stack's outputs cannot hold), the command appends it to the URL given with `--api-url`.
   * @default '' (the API's URL itself)
   */
  readonly apiPath?: string;

  /**
   * The route is called with the temporary user's ID token, so it must accept ID tokens: a route that requires
   * OAuth scopes (which only access tokens carry) cannot be checked. Send the token as `Authorization: Bearer <token>` (the bundled JWT Lambda authorizer wants this form) instead
   * of the bare token (the REST Cognito authorizer's form; HTTP API JWT authorizers take both).
   * @default false
   */
  readonly bearer?: boolean;
}

/** Props for `CognitoAuth`: the user pool's settings and every part built on it. */
export interface CognitoAuthProps extends UserPoolOptions {
  /**
   * App clients.
   * @default - none (add them with `addClient`)
   */
  readonly clients?: AppClientOptions[];

  /**
   * Resource servers with custom scopes, for `scopes` of clients (`OAuthScope.custom('<identifier>/<scope>')`).
   * @default - none
   */
  readonly resourceServers?: ResourceServerOptions[];

  /**
   * The hosted sign-in domain.
   * @default - no domain (clients sign users in through the API only)
   */
  readonly domain?: HostedDomainOptions;

  /**
   * Identity providers to federate with: `IdentityProvider.google()`, `.facebook()`, `.apple()`, `.amazon()`,
   * `.saml()`, `.oidc()`. Federated sign-in goes through the hosted pages, so `domain` is required. Every client with
   * callbackUrls offers every provider unless it lists its own `identityProviders`.
   * @default - none
   */
  readonly identityProviders?: IdentityProvider[];

  /**
   * User groups.
   * @default - none (add them with `addGroup`)
   */
  readonly groups?: GroupOptions[];

  /**
   * An identity pool that gives signed-in users AWS credentials for their group's role.
   * @default - no identity pool (and groups get no created role)
   */
  readonly identityPool?: IdentityPoolOptions;

  /**
   * Lambda triggers: the bundled pre sign-up, post confirmation and pre token generation triggers, and any
   * other trigger with your own function.
   * @default - none
   */
  readonly triggers?: TriggersOptions;

  /**
   * Stack outputs: user pool id and ARN, issuer and JWKS URLs, client ids, domain and sign-in URLs, and the
   * front-end config as one JSON output (`FrontendConfig`).
   * @default true
   */
  readonly outputs?: boolean;

  /**
   * Where the front-end config goes besides the `FrontendConfig` output.
   * @default - the stack output only
   */
  readonly frontendConfig?: FrontendConfigOptions;

  /**
   * Opt in to the post-deploy smoke check: creates the app client `smoke-check` (no secret, no OAuth, sign-in only
   * with `AdminInitiateAuth`, which needs IAM credentials) and the `SmokeCheck` stack output.
   * @default - no smoke client
   */
  readonly smokeCheck?: SmokeCheckOptions;
}


/**
 * A complete, secure-by-default Amazon Cognito setup from one props object: a user pool, app clients,
 * resource servers, a hosted sign-in domain, groups with IAM roles and an identity pool.
 */
export class CognitoAuth extends Construct {
  /** The name of the smoke check's app client (`smokeCheck`). */
  public static readonly SMOKE_CLIENT_NAME = 'smoke-check';

  /** The user pool construct, with its settings. */
  public readonly authUserPool: AuthUserPool;
  /** The aws-cdk-lib user pool. */
  public readonly userPool: cognito.UserPool;
  /** The hosted sign-in domain, when `domain` was given. */
  public readonly domain?: HostedDomain;
  /** The identity pool, when `identityPool` was given. */
  public readonly identityPool?: GroupRoleIdentityPool;
  /** The identity providers, when `identityProviders` was given. */
  public readonly identityProviders?: IdentityProviders;
  /** The bundled pre sign-up trigger, when configured. */
  public readonly preSignUpTrigger?: PreSignUpTrigger;
  /** The bundled post confirmation trigger, when configured. */
  public readonly postConfirmationTrigger?: PostConfirmationTrigger;
  /** The bundled pre token generation trigger, when configured. */
  public readonly preTokenGenerationTrigger?: PreTokenGenerationTrigger;
  /** The SSM parameter holding the front-end config, when `frontendConfig.ssmParameterName` was given. */
  public readonly frontendConfigParameter?: ssm.StringParameter;
  /** The smoke check's app client, when `smokeCheck` was given. */
  public readonly smokeClient?: AppClient;

  private readonly clients = new Map<string, AppClient>();
  private readonly groups = new Map<string, UserGroup>();
  private readonly resourceServers = new Map<string, cognito.UserPoolResourceServer>();
  private readonly declaredScopes = new Set<string>();
  private readonly outputs: boolean;
  private readonly triggerFunctions = new Map<string, lambda.IFunction>();
  private readonly apiUrls = new Map<string, string>();
  /** Called with every client added later: authorizers that accept every client follow the list. */
  private readonly clientListeners: ((client: AppClient) => void)[] = [];
  /** Attributes no client may write, with what each feeds. */
  private readonly protectedAttributes: { [attribute: string]: string };

  constructor(scope: Construct, id: string, props: CognitoAuthProps = {}) {
    super(scope, id);
    this.outputs = props.outputs ?? true;

    validateUnique('clients', (props.clients ?? []).map((c) => c.name));
    validateUnique('groups', (props.groups ?? []).map((g) => g.name));
    validateUnique('resourceServers', (props.resourceServers ?? []).map((r) => r.identifier));

    const roleMapping = props.identityPool?.roleMapping;
    this.protectedAttributes = protectedAttributes({
      claims: props.triggers?.preTokenGeneration?.claimsFromAttributes ?? {},
      principalTags: props.identityPool?.principalTags ?? {},
      ruleClaims: roleMapping?.kind === RoleMappingKind.RULES ? roleMapping.rules.map((r) => r.claim) : [],
      linking: props.triggers?.preSignUp?.linkExternalUsers ?? false,
    });

    this.authUserPool = new AuthUserPool(this, 'UserPool', props);
    this.userPool = this.authUserPool.userPool;
    if (this.outputs) outputUserPool(this, this.userPool);

    const servers = props.resourceServers ?? [];
    if (servers.length > ADJUSTABLE_QUOTAS.resourceServersPerPool) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:resourceServerQuota',
        `resourceServers has ${servers.length} servers: Cognito's default quota is ${ADJUSTABLE_QUOTAS.resourceServersPerPool} per user pool (adjustable); deploying fails unless the account's quota was raised`,
      );
    }
    servers.forEach((server) => validateResourceServer(server));
    for (const server of servers) {
      server.scopes.forEach((s) => this.declaredScopes.add(`${server.identifier}/${s.name}`));
      this.resourceServers.set(
        server.identifier,
        // Keyed on the identifier, never the position: reordering the list changes no logical id.
        this.userPool.addResourceServer(`ResourceServer-${server.identifier}`, {
          identifier: server.identifier,
          // Cognito's Name pattern is narrower than its Identifier's: an identifier like https://api.example.com/x
          // is not a valid name, so the default name keeps only the characters a name may have.
          userPoolResourceServerName: server.name ?? server.identifier.replace(/[^\w\s+=,.@-]/g, '-'),
          scopes: server.scopes.map((s) => new cognito.ResourceServerScope({ scopeName: s.name, scopeDescription: s.description })),
        }),
      );
    }

    if (props.domain) {
      this.domain = new HostedDomain(this, 'Domain', {
        ...props.domain,
        userPool: this.userPool,
        featurePlan: this.authUserPool.featurePlan,
      });
      if (this.outputs) outputDomain(this, this.domain);
    }

    if (props.identityProviders && props.identityProviders.length > 0) {
      if (!this.domain) {
        throw new ConfigError(
          `identityProviders has ${props.identityProviders.map((p) => `'${p.name}'`).join(', ')} but domain is not set: federated sign-in goes through the hosted sign-in pages, which need a domain (the providers redirect to <domain>/oauth2/idpresponse)`,
        );
      }
      this.identityProviders = new IdentityProviders(this, 'IdentityProviders', {
        userPool: this.userPool,
        providers: props.identityProviders,
        customAttributeNames: this.authUserPool.customAttributeNames,
        immutableAttributeNames: [
          ...this.authUserPool.immutableCustomAttributeNames.map((n) => `custom:${n}`),
          ...this.authUserPool.immutableStandardAttributeNames,
        ],
      });
      if (this.outputs) {
        outputFederation(this, this.userPool, this.domain, this.identityProviders.providers.some((p) => p.providerType === IdentityProviderType.SAML));
      }
    }

    if (props.identityPool) {
      for (const [tag, claim] of Object.entries(props.identityPool.principalTags ?? {})) {
        if (claim === 'aud') continue;
        validateAttributeName(`identityPool.principalTags['${tag}']`, claim, this.authUserPool.customAttributeNames);
      }
      this.identityPool = new GroupRoleIdentityPool(this, 'IdentityPool', {
        ...props.identityPool,
        userPool: this.userPool,
      });
    }

    const triggers = props.triggers ?? {};
    const pool = this.authUserPool;
    if (triggers.preSignUp) {
      this.preSignUpTrigger = new PreSignUpTrigger(this, 'PreSignUp', {
        ...triggers.preSignUp,
        userPool: this.userPool,
        externalProviderNames: this.identityProviders?.enterpriseNames,
      });
      (triggers.preSignUp.linkProviders ?? []).forEach((name, i) => {
        if (!this.identityProviders?.tryFind(name)) {
          throw new ConfigError(
            `triggers.preSignUp.linkProviders[${i}] '${name}' is not an identity provider of this pool; providers: ${this.identityProviders?.names.join(', ') || '(none)'}`,
          );
        }
      });
      this.triggerFunctions.set(cognito.UserPoolOperation.PRE_SIGN_UP.operationName, this.preSignUpTrigger.function);
    }
    const defaultGroups = triggers.postConfirmation?.defaultGroups ?? [];
    const groupsAtSignIn = defaultGroups.length > 0 && triggers.preTokenGeneration !== undefined;
    if (defaultGroups.length > 0 && !groupsAtSignIn) {
      // Cognito runs post confirmation only after a self sign-up, never for AdminCreateUser.
      if (!(props.selfSignUp ?? false)) {
        throw new ConfigError(
          "triggers.postConfirmation.defaultGroups is set, but selfSignUp is false: Cognito runs post confirmation only for users who sign themselves up, never for users created with AdminCreateUser, so no user would join them; also set triggers.preTokenGeneration (which adds missing default groups at each sign-in), or turn on selfSignUp",
        );
      }
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:defaultGroupsSignUpOnly',
        'triggers.postConfirmation.defaultGroups reaches only users who sign themselves up: users created with AdminCreateUser never run post confirmation. Set triggers.preTokenGeneration so that they join at their first sign-in, or acknowledge this warning.',
      );
    }
    if (triggers.postConfirmation) {
      this.postConfirmationTrigger = new PostConfirmationTrigger(this, 'PostConfirmation', { ...triggers.postConfirmation, userPool: this.userPool, groupsAtSignIn });
      this.triggerFunctions.set(cognito.UserPoolOperation.POST_CONFIRMATION.operationName, this.postConfirmationTrigger.function);
      this.validateDefaultGroups(triggers.postConfirmation.defaultGroups ?? []);
    }
    if (triggers.preTokenGeneration) {
      this.preTokenGenerationTrigger = new PreTokenGenerationTrigger(this, 'PreTokenGeneration', {
        ...triggers.preTokenGeneration,
        userPool: this.userPool,
        featurePlan: pool.featurePlan,
        customAttributeNames: pool.customAttributeNames,
        defaultGroups,
      });
      this.triggerFunctions.set(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG.operationName, this.preTokenGenerationTrigger.function);
    }
    for (const [operation, fn] of ownTriggers(triggers)) {
      this.userPool.addTrigger(operation, fn);
      this.triggerFunctions.set(operation.operationName, fn);
    }

    for (const client of props.clients ?? []) this.addClient(client);
    for (const group of props.groups ?? []) this.addGroup(group);

    if (props.smokeCheck) this.smokeClient = this.createSmokeCheck(props.smokeCheck);

    // Groups may be added later, so their count is checked at synth.
    this.node.addValidation({
      validate: () =>
        this.groups.size > LIMITS.groupsPerPoolMax
          ? [`groups has ${this.groups.size} groups: Cognito allows at most ${LIMITS.groupsPerPoolMax} per user pool (not adjustable)`]
          : [],
    });

    // The config is produced at synth, so clients, groups and API URLs added later are in it.
    const configJson = Lazy.string({ produce: () => Stack.of(this).toJsonString(this.frontendConfig) });
    if (this.outputs) {
      new CfnOutput(this, 'FrontendConfig', { value: configJson, description: 'Front-end config (JSON): region, pool, public clients, domain, identity pool, APIs' });
    }
    const parameterName = props.frontendConfig?.ssmParameterName;
    if (parameterName !== undefined) {
      validateSsmParameterName('frontendConfig.ssmParameterName', parameterName);
      this.frontendConfigParameter = new ssm.StringParameter(this, 'FrontendConfigParameter', {
        parameterName,
        stringValue: configJson,
        description: 'Front-end config of the user pool (JSON)',
        tier: ssm.ParameterTier.STANDARD,
      });
    }
  }

  /**
   * The front-end config: region, user pool id, issuer, the public clients (ids, scopes, redirect URLs, providers),
   * the hosted domain, the identity pool id and the API URLs added with `addApiUrl`. Values are CloudFormation
   * tokens until deploy; the `FrontendConfig` stack output holds the deployed values as JSON.
   */
  public get frontendConfig(): FrontendConfig {
    const clients: { [name: string]: FrontendClientConfig } = {};
    for (const client of this.clients.values()) {
      if (client.kind === ClientKind.SERVER || client.name === CognitoAuth.SMOKE_CLIENT_NAME) continue;
      clients[client.name] = {
        clientId: client.clientId,
        scopes: client.oauth ? [...client.scopeNames] : [],
        redirectSignIn: [...client.callbackUrls],
        redirectSignOut: [...client.logoutUrls],
        identityProviders: [...client.identityProviderNames],
      };
    }
    return {
      version: 1,
      region: Stack.of(this).region,
      userPoolId: this.userPool.userPoolId,
      issuer: issuerUrl(this.userPool),
      clients,
      domain: this.domain ? { hostname: this.domain.hostname, baseUrl: this.domain.baseUrl } : undefined,
      identityPoolId: this.identityPool?.identityPoolId,
      apis: Object.fromEntries(this.apiUrls),
    };
  }

  /**
   * Adds an API's base URL to the front-end config (for example `restApi.url`), under a name of your choice.
   * The smoke check can call a route of it (`smokeCheck.api`).
   */
  public addApiUrl(name: string, url: string): void {
    if (this.apiUrls.has(name)) {
      throw new ConfigError(`addApiUrl: '${name}' is added more than once: names must be unique`);
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new ConfigError(`addApiUrl: name '${name}' is invalid: use 1 to 64 letters, digits, '-' and '_'`);
    }
    // The URL goes into this stack's outputs. An API in another stack depends on this one (its authorizer needs the
    // pool), so a reference back to it would make a cycle that breaks synth.
    const foreign = Tokenization.reverseString(url)
      .tokens.filter((t): t is Reference => Reference.isReference(t))
      .map((t) => Stack.of(t.target))
      .find((stack) => stack !== Stack.of(this));
    if (foreign) {
      throw new ConfigError(
        `addApiUrl: the url of '${name}' comes from the stack '${foreign.stackName}', not from '${Stack.of(this).stackName}', which holds this construct's outputs: that stack depends on this one, so the reference back would be a cycle; output the URL in '${foreign.stackName}' instead (the smoke check takes it with --api-url)`,
      );
    }
    if (!Token.isUnresolved(url) && !/^https:\/\/[^/\s]+/.test(url)) {
      throw new ConfigError(`addApiUrl: url '${url}' of '${name}' is invalid: an API URL must start with https://`);
    }
    this.apiUrls.set(name, url);
  }

  /**
   * The role the identity pool gives a user in `group` (or in none): with group or token mapping, the group's role,
   * else the unmatched setting; with your own rules it depends on claims the check cannot know, so nothing is expected.
   */
  private smokeExpectedRole(groupName: string | undefined): { roleArn?: string; denied?: boolean } {
    const pool = this.identityPool;
    if (!pool || pool.roleMapping.kind === RoleMappingKind.RULES) return {};
    const role = groupName !== undefined ? this.groups.get(groupName)?.role : undefined;
    if (role) return { roleArn: role.roleArn };
    if (pool.roleMapping.unmatched === UnmatchedUsers.DENY) return { denied: true };
    return { roleArn: pool.authenticatedRole.roleArn };
  }

  /** The smoke client and the `SmokeCheck` output; the group and the API are checked at synth (they may come later). */
  private createSmokeCheck(options: SmokeCheckOptions): AppClient {
    // Sign-in only through AdminInitiateAuth (IAM credentials), never SRP or a password from anyone. A native client
    // rotates its refresh tokens, so it gets no ALLOW_REFRESH_TOKEN_AUTH (the check never refreshes).
    const client = this.addClient({ name: CognitoAuth.SMOKE_CLIENT_NAME, kind: ClientKind.NATIVE, authFlows: { adminUserPassword: true } });
    const apiPath = options.apiPath ?? '';
    if (apiPath.startsWith('/') || /\s/.test(apiPath)) {
      throw new ConfigError(`smokeCheck.apiPath '${apiPath}' is invalid: it is appended to the API's URL, which ends with '/'; write 'me', not '/me'`);
    }
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (options.group !== undefined && !this.groups.has(options.group)) {
          errors.push(`smokeCheck.group '${options.group}' is not a group of this pool; groups: ${[...this.groups.keys()].join(', ') || '(none)'}`);
        }
        if (options.api !== undefined && !this.apiUrls.has(options.api)) {
          errors.push(`smokeCheck.api '${options.api}' is not an API added with addApiUrl; APIs: ${[...this.apiUrls.keys()].join(', ') || '(none)'}`);
        }
        return errors;
      },
    });
    const config = (): SmokeCheckConfig => {
      const expected = this.smokeExpectedRole(options.group);
      return {
        version: 1,
        region: Stack.of(this).region,
        userPoolId: this.userPool.userPoolId,
        clientId: client.clientId,
        usernameAttributes: [...((this.userPool.node.defaultChild as cognito.CfnUserPool).usernameAttributes ?? [])],
        requiredAttributes: [...this.authUserPool.requiredStandardAttributeNames],
        group: options.group,
        identityPoolId: this.identityPool?.identityPoolId,
        expectedRoleArn: expected.roleArn,
        expectDenied: expected.denied,
        apiUrl: options.api !== undefined && this.apiUrls.has(options.api) ? `${this.apiUrls.get(options.api)}${apiPath}` : undefined,
        apiPath: options.api === undefined && options.apiPath !== undefined ? apiPath : undefined,
        bearer: options.bearer ?? false,
      };
    };
    new CfnOutput(this, 'SmokeCheck', {
      value: Lazy.string({ produce: () => Stack.of(this).toJsonString(config()) }),
      description: 'Smoke check config (JSON), read by npm run smoke',
    });
    return client;
  }

  /** Adds an app client. Its name must be new. */
  public addClient(options: AppClientOptions): AppClient {
    if (this.clients.has(options.name)) {
      throw new ConfigError(`clients has '${options.name}' more than once: names must be unique`);
    }
    this.validateCustomScopes(options);
    const providerNames = this.clientProviderNames(options);
    const client = new AppClient(this, `Client-${options.name}`, {
      ...options,
      identityProviders: providerNames.map((n) => cognito.UserPoolClientIdentityProvider.custom(n)),
      userPool: this.userPool,
      customAttributeNames: this.authUserPool.customAttributeNames,
      immutableCustomAttributeNames: this.authUserPool.immutableCustomAttributeNames,
      protectedAttributes: this.protectedAttributes,
    });
    for (const server of this.resourceServers.values()) client.node.addDependency(server);
    // The client names its providers, so each must exist first: a deploy never fails on ordering.
    for (const name of providerNames) {
      if (name === COGNITO) continue;
      client.node.addDependency(this.identityProviders!.resource(name));
      // Cognito writes the mapped attributes at each federated sign-in, through the client.
      const unwritable = this.identityProviders!.mappedAttributes(name).find((a) => !client.writeAttributeNames.includes(a));
      if (unwritable !== undefined && this.protectedAttributes[unwritable] !== undefined) {
        throw new ConfigError(
          `clients['${options.name}'] offers '${name}', which maps '${unwritable}', but '${unwritable}' feeds ${this.protectedAttributes[unwritable]}: Cognito writes mapped attributes through the client, so its users could write it too; drop the mapping, or stop using the attribute there`,
        );
      }
      if (unwritable !== undefined) {
        throw new ConfigError(
          `clients['${options.name}'] offers '${name}', which maps '${unwritable}', but the client cannot write it: Cognito fails the federated sign-in; add '${unwritable}' to the client's writeAttributes, or drop the mapping`,
        );
      }
    }
    this.clients.set(options.name, client);
    if (this.clients.size === ADJUSTABLE_QUOTAS.appClientsPerPool + 1) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:appClientQuota',
        `the pool has more than ${ADJUSTABLE_QUOTAS.appClientsPerPool} app clients: Cognito's default quota is ${ADJUSTABLE_QUOTAS.appClientsPerPool} per user pool (adjustable); deploying fails unless the account's quota was raised`,
      );
    }

    if (this.domain && client.callbackUrls.length > 0) {
      this.domain.addClient(options.name, client.userPoolClient);
    }
    if (this.identityPool && !client.machineToMachine) {
      this.identityPool.addClient(options.name, client.userPoolClient);
    }
    if (this.outputs) outputClient(this, options.name, client, this.domain);
    this.clientListeners.forEach((listener) => listener(client));
    return client;
  }

  /** Adds a user group. Its name must be new. With an identity pool, a group without a `role` gets one. */
  public addGroup(options: GroupOptions): UserGroup {
    if (this.groups.has(options.name)) {
      throw new ConfigError(`groups has '${options.name}' more than once: names must be unique`);
    }
    (options.scopes ?? []).forEach((scope, i) => {
      if (!this.declaredScopes.has(scope)) {
        throw new ConfigError(
          `groups['${options.name}'].scopes[${i}] '${scope}' is not a scope of any resource server; declared: ${[...this.declaredScopes].join(', ') || '(none)'}`,
        );
      }
    });
    const group = new UserGroup(this, `Group-${options.name}`, {
      ...options,
      userPool: this.userPool,
      identityPool: this.identityPool,
    });
    this.groups.set(options.name, group);
    this.preTokenGenerationTrigger?.addGroup(options.name, group.permissions, group.scopes);
    return group;
  }

  /**
   * A Cognito user pool authorizer for a REST API, created in `scope` (the API's stack, or a construct in it) like
   * aws-cdk-lib's own constructs, so the pool may live in another stack: API Gateway verifies the token (ID or
   * access) against this pool, for tokens of every client of the pool. An authorizer belongs to one REST API; for
   * another API, call again. To require OAuth scopes on a method, use `restApiMethodOptions`.
   * @param scope where the authorizer is created: the REST API's stack, or a construct in it
   * @param id a construct id, unique in `scope`
   */
  public restApiAuthorizer(scope: Construct, id: string, options: RestApiAuthorizerOptions = {}): apigateway.CognitoUserPoolsAuthorizer {
    return new apigateway.CognitoUserPoolsAuthorizer(scope, id, {
      cognitoUserPools: [this.userPool],
      resultsCacheTtl: options.resultsCacheTtl,
      identitySource: apigateway.IdentitySource.header('Authorization'),
    });
  }

  /**
   * Method options for a REST method behind `authorizer`, optionally requiring OAuth scopes. With scopes, API
   * Gateway accepts only access tokens that carry one of them (ID tokens carry no scopes), and each scope must be
   * one that some app client of this pool may be granted.
   */
  public restApiMethodOptions(authorizer: apigateway.IAuthorizer, scopes: string[] = []): apigateway.MethodOptions {
    if (scopes.length > 0 && !(authorizer instanceof apigateway.CognitoUserPoolsAuthorizer)) {
      throw new ConfigError(
        'restApiMethodOptions: scopes on a REST method need the Cognito authorizer (restApiAuthorizer()); with the JWT Lambda authorizer use its requiredScopes',
      );
    }
    this.validateGrantableScopes('restApiMethodOptions', scopes);
    return scopes.length > 0
      ? { authorizer, authorizationType: apigateway.AuthorizationType.COGNITO, authorizationScopes: scopes }
      : { authorizer, authorizationType: authorizer.authorizationType ?? apigateway.AuthorizationType.COGNITO };
  }

  /**
   * A JWT authorizer for HTTP APIs: API Gateway verifies the token's signature, issuer (this pool) and audience
   * (the clients' ids; `aud` of ID tokens, `client_id` of access tokens). By default every client of the pool is
   * accepted, including clients added after this call. aws-cdk-lib creates it in the scope of the first route it is
   * added to, so the API may live in another stack. Require scopes per route with `authorizationScopes` (access
   * tokens only); check them with `httpRouteScopes`.
   */
  public httpApiAuthorizer(options: HttpApiAuthorizerOptions = {}): UserPoolHttpAuthorizer {
    const authorizer = new UserPoolHttpAuthorizer({
      userPool: this.userPool,
      authorizerName: options.id,
      clients: options.clients?.map((n) => this.client(n).userPoolClient),
    });
    if (options.clients === undefined) {
      for (const client of this.clients.values()) authorizer.addClient(client.userPoolClient);
      this.clientListeners.push((client) => authorizer.addClient(client.userPoolClient));
    }
    return authorizer;
  }

  /** Checks scopes for an HTTP route's `authorizationScopes` (each one some client may be granted) and returns them. */
  public httpRouteScopes(scopes: string[]): string[] {
    this.validateGrantableScopes('httpRouteScopes', scopes);
    return [...scopes];
  }

  /**
   * The bundled JWT-verifying Lambda authorizer: required groups (any or all), required scopes, ID or access
   * tokens, chosen clients. Use `forRestApi(id)` or `forHttpApi(id)` on the result.
   * @param id a construct id, unique within this construct
   */
  public jwtAuthorizer(id: string, options: CognitoJwtAuthorizerOptions = {}): JwtAuthorizerFunction {
    this.validateGrantableScopes(`jwtAuthorizer('${id}').requiredScopes`, options.requiredScopes ?? []);
    const requiredGroups = options.requiredGroups ?? [];
    // Groups may be added after the authorizer, so the check waits for synth.
    this.node.addValidation({
      validate: () =>
        requiredGroups
          .filter((g) => !this.groups.has(g))
          .map((g) => `jwtAuthorizer('${id}').requiredGroups has '${g}', which is not a group of this pool; groups: ${[...this.groups.keys()].join(', ') || '(none)'}`),
    });
    const authorizer = new JwtAuthorizerFunction(this, id, {
      ...options,
      userPool: this.userPool,
      clients: options.clients?.map((n) => this.client(n).userPoolClient),
    });
    if (options.clients === undefined) {
      // Every client that signs users in, including clients added after this call.
      const accept = (client: AppClient) => {
        if (!client.machineToMachine) authorizer.addClient(client.userPoolClient);
      };
      this.clients.forEach(accept);
      this.clientListeners.push(accept);
    }
    return authorizer;
  }

  /** Each scope must be one that some app client of this pool may be granted, or no token can ever carry it. */
  private validateGrantableScopes(prop: string, scopes: string[]): void {
    const grantable = new Set<string>();
    for (const c of this.clients.values()) if (c.oauth) c.scopeNames.forEach((s) => grantable.add(s));
    // The pre token generation trigger adds the groups' scopes to access tokens (V2 and V3 events).
    if (this.preTokenGenerationTrigger && this.preTokenGenerationTrigger.eventVersion !== cognito.LambdaVersion.V1_0) {
      for (const g of this.groups.values()) g.scopes.forEach((s) => grantable.add(s));
    }
    scopes.forEach((scope, i) => {
      if (!grantable.has(scope)) {
        throw new ConfigError(
          `${prop} scopes[${i}] '${scope}' is granted to no app client of this pool, so no access token can carry it; grantable: ${[...grantable].sort().join(', ') || '(none)'}`,
        );
      }
    });
  }

  /**
   * The function attached for a trigger operation (bundled or your own), or undefined when there is none.
   * For example `auth.triggerFunction(UserPoolOperation.PRE_SIGN_UP)`.
   */
  public triggerFunction(operation: cognito.UserPoolOperation): lambda.IFunction | undefined {
    return this.triggerFunctions.get(operation.operationName);
  }

  private validateDefaultGroups(defaultGroups: string[]): void {
    // Groups may be added after the trigger, so the check waits for synth.
    this.node.addValidation({
      validate: () =>
        defaultGroups
          .filter((g) => !this.groups.has(g))
          .map(
            (g) =>
              `triggers.postConfirmation.defaultGroups has '${g}', which is not a group of this pool; groups: ${[...this.groups.keys()].join(', ') || '(none)'}`,
          ),
    });
  }


  /** The client with this name; throws if there is none. */
  public client(name: string): AppClient {
    const client = this.clients.get(name);
    if (!client) {
      throw new ConfigError(`client('${name}'): no such client; the clients are: ${[...this.clients.keys()].join(', ') || '(none)'}`);
    }
    return client;
  }

  /** The group with this name; throws if there is none. */
  public group(name: string): UserGroup {
    const group = this.groups.get(name);
    if (!group) {
      throw new ConfigError(`group('${name}'): no such group; the groups are: ${[...this.groups.keys()].join(', ') || '(none)'}`);
    }
    return group;
  }

  /** The resource server with this identifier; throws if there is none. */
  public resourceServer(identifier: string): cognito.UserPoolResourceServer {
    const server = this.resourceServers.get(identifier);
    if (!server) {
      throw new ConfigError(`resourceServer('${identifier}'): no such resource server`);
    }
    return server;
  }

  /**
   * The providers a client offers: the ones it lists, each checked, or by default COGNITO plus every provider
   * (except IdP-initiated SAML ones) for a client that uses the hosted pages.
   */
  private clientProviderNames(options: AppClientOptions): string[] {
    const prop = `clients['${options.name}'].identityProviders`;
    const providers = this.identityProviders;
    const hostedPages = (options.callbackUrls ?? []).length > 0 && options.clientCredentials !== true;
    if (options.identityProviders === undefined) {
      if (!hostedPages || !providers) return [COGNITO];
      return [COGNITO, ...providers.providers.filter((p) => !p.idpInitiated).map((p) => p.name)];
    }
    const names = options.identityProviders.map((p) => p.name);
    if (names.length === 0) {
      throw new ConfigError(`${prop} is empty: list at least one provider (UserPoolClientIdentityProvider.COGNITO for email and password)`);
    }
    validateUnique(prop, names);
    const known = [COGNITO, ...(providers?.names ?? [])];
    names.forEach((name, i) => {
      if (!known.includes(name)) {
        throw new ConfigError(`${prop}[${i}] '${name}' is not an identity provider of this pool; providers: ${known.join(', ')}`);
      }
      if (name !== COGNITO && !hostedPages) {
        throw new ConfigError(
          `${prop}[${i}] '${name}' needs the hosted sign-in pages, but the client has no callbackUrls: federated sign-in redirects back to a callback URL`,
        );
      }
    });
    const idpInitiated = names.filter((n) => providers?.tryFind(n)?.idpInitiated);
    if (idpInitiated.length > 0) {
      const other = names.find((n) => n === COGNITO || providers?.tryFind(n)?.providerType !== IdentityProviderType.SAML);
      if (other !== undefined) {
        throw new ConfigError(
          `${prop} has '${idpInitiated[0]}', a SAML provider with idpInitiated, and '${other}': Cognito allows only SAML providers on a client that accepts IdP-initiated sign-in`,
        );
      }
    }
    return names;
  }

  /** Custom scopes ('identifier/scope') must name a declared resource server and one of its scopes. */
  private validateCustomScopes(options: AppClientOptions): void {
    (options.scopes ?? []).forEach((scope, i) => {
      const name = scope.scopeName;
      if (name.includes('/') && !this.declaredScopes.has(name)) {
        throw new ConfigError(
          `clients['${options.name}'].scopes[${i}] '${name}' is not a scope of any resource server; declared: ${[...this.declaredScopes].join(', ') || '(none)'}`,
        );
      }
    });
  }
}

/**
 * A resource server as CreateResourceServer takes it: Identifier 1-256 of [\x21\x23-\x5B\x5D-\x7E]; Name 1-256 of
 * [\w\s+=,.@-]; at most 100 scopes, each ScopeName 1-256 of [\x21\x23-\x2E\x30-\x5B\x5D-\x7E] (no '/') with a
 * ScopeDescription of 1-256 characters, unique names.
 */
function validateResourceServer(server: ResourceServerOptions): void {
  const prop = `resourceServers['${server.identifier}']`;
  const max = LIMITS.resourceServerTextMaxLength;
  validateText(`${prop}.identifier`, server.identifier, 1, max, /^[\x21\x23-\x5B\x5D-\x7E]+$/, "printable ASCII without white space, '\"' or '\\'");
  if (server.name !== undefined) validateText(`${prop}.name`, server.name, 1, max, NAME_PATTERN, NAME_ALLOWED);
  validateCount(`${prop}.scopes`, server.scopes.length, LIMITS.resourceServerScopesMax, 'scopes', 'CreateResourceServer (Scopes)');
  validateUnique(`${prop}.scopes`, server.scopes.map((scope) => scope.name));
  server.scopes.forEach((scope, i) => {
    validateText(`${prop}.scopes[${i}].name`, scope.name, 1, max, /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/, "printable ASCII without white space, '/', '\"' or '\\'");
    validateText(`${prop}.scopes[${i}].description`, scope.description, 1, max, undefined, 'any text');
  });
}

/** Cognito's own provider: email (or username) and password. */
const COGNITO = cognito.UserPoolClientIdentityProvider.COGNITO.name;

/** The user-supplied triggers of `TriggersOptions`, with the operation each one is attached to. */
function ownTriggers(options: TriggersOptions): [cognito.UserPoolOperation, lambda.IFunction][] {
  const pairs: [cognito.UserPoolOperation, lambda.IFunction | undefined][] = [
    [cognito.UserPoolOperation.CUSTOM_MESSAGE, options.customMessage],
    [cognito.UserPoolOperation.PRE_AUTHENTICATION, options.preAuthentication],
    [cognito.UserPoolOperation.POST_AUTHENTICATION, options.postAuthentication],
    [cognito.UserPoolOperation.DEFINE_AUTH_CHALLENGE, options.defineAuthChallenge],
    [cognito.UserPoolOperation.CREATE_AUTH_CHALLENGE, options.createAuthChallenge],
    [cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE, options.verifyAuthChallengeResponse],
    [cognito.UserPoolOperation.USER_MIGRATION, options.userMigration],
    [cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER, options.customEmailSender],
    [cognito.UserPoolOperation.CUSTOM_SMS_SENDER, options.customSmsSender],
  ];
  return pairs.filter((p): p is [cognito.UserPoolOperation, lambda.IFunction] => p[1] !== undefined);
}
