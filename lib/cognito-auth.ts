import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AppClient, AppClientOptions } from './app-clients';
import { GroupOptions, UserGroup } from './groups';
import { HostedDomain, HostedDomainOptions } from './hosted-domain';
import { GroupRoleIdentityPool, IdentityPoolOptions } from './identity-pool';
import { outputClient, outputDomain, outputUserPool } from './private/outputs';
import { ConfigError, validateAttributeName, validateUnique } from './private/validate';
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
   * A friendly name.
   * @default - the identifier
   */
  readonly name?: string;
  /** The scopes. */
  readonly scopes: ResourceServerScopeOptions[];
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
   * Stack outputs: user pool id and ARN, issuer and JWKS URLs, client ids, domain and sign-in URLs.
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * A complete, secure-by-default Amazon Cognito setup from one props object: a user pool, app clients,
 * resource servers, a hosted sign-in domain, groups with IAM roles and an identity pool.
 */
export class CognitoAuth extends Construct {
  /** The user pool construct, with its settings. */
  public readonly authUserPool: AuthUserPool;
  /** The aws-cdk-lib user pool. */
  public readonly userPool: cognito.UserPool;
  /** The hosted sign-in domain, when `domain` was given. */
  public readonly domain?: HostedDomain;
  /** The identity pool, when `identityPool` was given. */
  public readonly identityPool?: GroupRoleIdentityPool;
  /** The bundled pre sign-up trigger, when configured. */
  public readonly preSignUpTrigger?: PreSignUpTrigger;
  /** The bundled post confirmation trigger, when configured. */
  public readonly postConfirmationTrigger?: PostConfirmationTrigger;
  /** The bundled pre token generation trigger, when configured. */
  public readonly preTokenGenerationTrigger?: PreTokenGenerationTrigger;

  private readonly clients = new Map<string, AppClient>();
  private readonly groups = new Map<string, UserGroup>();
  private readonly resourceServers = new Map<string, cognito.UserPoolResourceServer>();
  private readonly declaredScopes = new Set<string>();
  private readonly outputs: boolean;
  private readonly triggerFunctions = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: CognitoAuthProps = {}) {
    super(scope, id);
    this.outputs = props.outputs ?? true;

    validateUnique('clients', (props.clients ?? []).map((c) => c.name));
    validateUnique('groups', (props.groups ?? []).map((g) => g.name));
    validateUnique('resourceServers', (props.resourceServers ?? []).map((r) => r.identifier));

    this.authUserPool = new AuthUserPool(this, 'UserPool', props);
    this.userPool = this.authUserPool.userPool;
    if (this.outputs) outputUserPool(this, this.userPool);

    for (const server of props.resourceServers ?? []) {
      server.scopes.forEach((s) => this.declaredScopes.add(`${server.identifier}/${s.name}`));
      this.resourceServers.set(
        server.identifier,
        this.userPool.addResourceServer(`ResourceServer${this.resourceServers.size}`, {
          identifier: server.identifier,
          userPoolResourceServerName: server.name,
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
      this.preSignUpTrigger = new PreSignUpTrigger(this, 'PreSignUp', { ...triggers.preSignUp, userPool: this.userPool });
      this.triggerFunctions.set(cognito.UserPoolOperation.PRE_SIGN_UP.operationName, this.preSignUpTrigger.function);
    }
    if (triggers.postConfirmation) {
      this.postConfirmationTrigger = new PostConfirmationTrigger(this, 'PostConfirmation', { ...triggers.postConfirmation, userPool: this.userPool });
      this.triggerFunctions.set(cognito.UserPoolOperation.POST_CONFIRMATION.operationName, this.postConfirmationTrigger.function);
      this.validateDefaultGroups(triggers.postConfirmation.defaultGroups ?? []);
    }
    if (triggers.preTokenGeneration) {
      this.preTokenGenerationTrigger = new PreTokenGenerationTrigger(this, 'PreTokenGeneration', {
        ...triggers.preTokenGeneration,
        userPool: this.userPool,
        featurePlan: pool.featurePlan,
        customAttributeNames: pool.customAttributeNames,
      });
      this.triggerFunctions.set(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG.operationName, this.preTokenGenerationTrigger.function);
    }
    for (const [operation, fn] of ownTriggers(triggers)) {
      this.userPool.addTrigger(operation, fn);
      this.triggerFunctions.set(operation.operationName, fn);
    }

    for (const client of props.clients ?? []) this.addClient(client);
    for (const group of props.groups ?? []) this.addGroup(group);
  }

  /** Adds an app client. Its name must be new. */
  public addClient(options: AppClientOptions): AppClient {
    if (this.clients.has(options.name)) {
      throw new ConfigError(`clients has '${options.name}' more than once: names must be unique`);
    }
    this.validateCustomScopes(options);
    const client = new AppClient(this, `Client-${options.name}`, {
      ...options,
      userPool: this.userPool,
      customAttributeNames: this.authUserPool.customAttributeNames,
      immutableCustomAttributeNames: this.authUserPool.immutableCustomAttributeNames,
    });
    for (const server of this.resourceServers.values()) client.node.addDependency(server);
    this.clients.set(options.name, client);

    if (this.domain && client.callbackUrls.length > 0) {
      this.domain.addClient(options.name, client.userPoolClient);
    }
    if (this.identityPool && options.clientCredentials !== true) {
      this.identityPool.addClient(options.name, client.userPoolClient);
    }
    if (this.outputs) outputClient(this, options.name, client, this.domain);
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
