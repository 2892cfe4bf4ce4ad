import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AppClient, AppClientOptions, ClientKind } from '../app-client';
import {
  CognitoJwtAuthorizerOptions, HttpApiAuthorizerOptions, JwtAuthorizerFunction, RestApiAuthorizerOptions, UserPoolHttpAuthorizer,
} from '../authorizers';
import type { FrontendConfig } from '../frontend-config';
import { GroupOptions, UserGroup } from '../groups';
import { HostedDomain } from '../hosted-domain';
import { GroupRoleIdentityPool } from '../identity-pool';
import { IdentityProviders } from '../identity-providers';
import type { AuthMonitoring, AuthRiskConfiguration, AuthWebAcl, UserActivityLogs } from '../operations';
import { wireOperations } from '../operations/pool-operations';
import { ConfigError, located, atPath, checkAtSynth } from '../private/errors';
import { mergeFunctionSettings } from '../private/function-settings';
import { LIMITS } from '../private/limits';
import { linkingPlan } from '../private/linking';
import { checkProps, itemProp, preChecked } from '../private/props-check';
import { validateAttributeName, validateUnique } from '../private/validators';
import type * as t from '../triggers';
import { AuthUserPool } from '../user-pool';
import type { ICognitoAuth } from './cognito-auth-interface';
import { AuthorizedMethodOptions, CognitoAuthProps, SmokeCheckOptions } from './cognito-auth-props';
import { checkNewClient, checkNewGroup, lookup, warnPastClientQuota } from './private/additions';
import { customAttributesOf, customSenderKey, wireTriggers } from './private/bundled-triggers';
import { clientProviderNames, createIdentityProviders, dependOnProviders } from './private/client-providers';
import { buildFrontendConfig, outputFrontendConfig, validateApiUrl } from './private/frontend';
import { validateGrantableScopes } from './private/grantable-scopes';
import { outputClient, outputDomain, outputUserPool } from './private/outputs';
import { protectedAttributesOf } from './private/protected-attributes';
import { addAuthorizedMethod, authorizedMethodOptions } from './private/rest-methods';
import { httpApiAuthorizerOf } from './private/http-authorizer';
import { addResourceServers } from './private/resource-servers';
import { checkSignInDomain, domainHostnameOf } from './private/sign-in-domain';
import { addSmokeCheckOutput } from './private/smoke-check';

/**
 * A complete, secure-by-default Amazon Cognito setup from one props object: a user pool, app clients,
 * resource servers, a hosted sign-in domain, groups with IAM roles and an identity pool.
 */
export class CognitoAuth extends Construct implements ICognitoAuth {
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
  public readonly preSignUpTrigger?: t.PreSignUpTrigger;
  /** The bundled post confirmation trigger, when configured. */
  public readonly postConfirmationTrigger?: t.PostConfirmationTrigger;
  /** The bundled pre token generation trigger, when configured. */
  public readonly preTokenGenerationTrigger?: t.PreTokenGenerationTrigger;
  /** The bundled custom message trigger, when `triggers.messages` is given. */
  public readonly customMessageTrigger?: t.CustomMessageTrigger;
  /** The bundled custom email sender, when `triggers.emailSender` is given. */
  public readonly emailSenderTrigger?: t.EmailSenderTrigger;
  /** The bundled custom SMS sender, when `triggers.smsSender` is given. */
  public readonly smsSenderTrigger?: t.SmsSenderTrigger;
  /** The bundled inbound federation trigger, when `triggers.inboundFederation` is given. */
  public readonly inboundFederationTrigger?: t.InboundFederationTrigger;
  /** The bundled user migration trigger, when `triggers.migration` is given. */
  public readonly migrationTrigger?: t.UserMigrationTrigger;
  /** The SSM parameter holding the front-end config, when `frontendConfig.ssmParameterName` was given. */
  public readonly frontendConfigParameter?: ssm.StringParameter;
  /** The smoke check's app client, when `smokeCheck` was given. */
  public readonly smokeClient?: AppClient;
  /** The user activity log export, when `userActivityLogs` was given. */
  public readonly userActivityLogs?: UserActivityLogs;
  /** The web ACL created for the pool, when `firewall` was given without `webAclArn`. */
  public readonly webAcl?: AuthWebAcl;
  /** The alarms and dashboard, when `monitoring` was given. */
  public readonly monitoring?: AuthMonitoring;
  /** The risk configurations of `threatProtectionRules`: the pool-wide one first (when it sets anything), then each client's. */
  public readonly riskConfigurations: AuthRiskConfiguration[];

  private readonly clients = new Map<string, AppClient>();
  private readonly groups = new Map<string, UserGroup>();
  private readonly resourceServers: Map<string, cognito.UserPoolResourceServer>;
  private readonly declaredScopes = new Set<string>();
  private readonly outputs: boolean;
  private readonly triggerFunctions: Map<string, lambda.IFunction>;
  private readonly apiUrls = new Map<string, string>();
  /** Called with every client added later: authorizers that accept every client follow the list. */
  private readonly clientListeners: ((client: AppClient) => void)[] = [];
  /** Attributes no client may write, with what each feeds. */
  private readonly protectedAttributes: { [attribute: string]: string };
  private readonly bundledFunctions: CognitoAuthProps['bundledFunctions'];

  constructor(scope: Construct, id: string, props: CognitoAuthProps = {}) {
    super(scope, id);
    try {
      checkProps('CognitoAuthProps', props);
      this.outputs = props.outputs ?? true;
      validateUnique('clients', (props.clients ?? []).map((c) => c.name));
      validateUnique('groups', (props.groups ?? []).map((g) => g.name));
      validateUnique('resourceServers', (props.resourceServers ?? []).map((r) => r.identifier));
      this.protectedAttributes = protectedAttributesOf(props);
      const domainHostname = domainHostnameOf(props.domain, Stack.of(this).region);
      const linking = linkingPlan(props.triggers?.preSignUp, props.identityProviders ?? []);
      const customAttributes = customAttributesOf(props, linking);
      const customSenderKmsKey = customSenderKey(this, props);
      this.authUserPool = new AuthUserPool(this, 'UserPool', preChecked({ ...props, customAttributes, domainHostname, customSenderKmsKey }));
      this.userPool = this.authUserPool.userPool;
      if (this.outputs) outputUserPool(this, this.userPool);
      this.resourceServers = addResourceServers(this, this.userPool, props.resourceServers ?? []);
      for (const server of props.resourceServers ?? []) server.scopes.forEach((s) => this.declaredScopes.add(`${server.identifier}/${s.name}`));

      if (props.domain) {
        this.domain = new HostedDomain(this, 'Domain', { ...props.domain, userPool: this.userPool, featurePlan: this.authUserPool.featurePlan });
        if (this.outputs) outputDomain(this, this.domain);
      }
      // Clients may be added later, so the relying party is checked against them at synth.
      checkSignInDomain(this, this.authUserPool, this.domain, props.passkeys, domainHostname, () => this.clients.values());

      if (props.identityProviders && props.identityProviders.length > 0) {
        this.identityProviders =
          createIdentityProviders(this, props.identityProviders, this.authUserPool, this.domain, this.outputs, linking.signalProviders);
      }

      if (props.identityPool) {
        for (const [tag, claim] of Object.entries(props.identityPool.principalTags ?? {})) {
          if (claim === 'aud') continue;
          validateAttributeName(`identityPool.principalTags['${tag}']`, claim, this.authUserPool.customAttributeNames);
        }
        this.identityPool = new GroupRoleIdentityPool(this, 'IdentityPool', { ...props.identityPool, userPool: this.userPool });
      }

      this.bundledFunctions = props.bundledFunctions;
      const wired = wireTriggers(this, props, this.authUserPool, this.identityProviders, customSenderKmsKey);
      ({ preSignUp: this.preSignUpTrigger, postConfirmation: this.postConfirmationTrigger, preTokenGeneration: this.preTokenGenerationTrigger,
        customMessage: this.customMessageTrigger, emailSender: this.emailSenderTrigger, smsSender: this.smsSenderTrigger,
        inboundFederation: this.inboundFederationTrigger, migration: this.migrationTrigger } = wired);
      this.triggerFunctions = wired.functions;
      this.validateGroupNames('triggers.postConfirmation.defaultGroups', props.triggers?.postConfirmation?.defaultGroups ?? []);
      const ops = wireOperations(this, props, this.authUserPool, wired.functions, { hasDomain: !!this.domain, clients: () => this.clients });
      ({ activityLogs: this.userActivityLogs, webAcl: this.webAcl, monitoring: this.monitoring } = ops);
      this.riskConfigurations = ops.riskConfigurations ?? [];

      for (const client of props.clients ?? []) this.addClient(client);
      for (const group of props.groups ?? []) this.addGroup(group);
      if (props.smokeCheck) this.smokeClient = this.createSmokeCheck(props.smokeCheck);

      // Groups may be added later, so their count is checked at synth.
      checkAtSynth(this, () =>
        this.groups.size > LIMITS.groupsPerPoolMax
          ? [`groups has ${this.groups.size} groups: Cognito allows at most ${LIMITS.groupsPerPoolMax} per user pool (not adjustable)`]
          : []);

      // The config is produced at synth, so clients, groups and API URLs added later are in it.
      this.frontendConfigParameter = outputFrontendConfig(this, () => this.frontendConfig, this.outputs, props.frontendConfig);
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * The front-end config: region, user pool id, issuer, the public clients (ids, scopes, redirect URLs, providers),
   * the hosted domain, the identity pool id and the API URLs added with `addApiUrl`. Values are CloudFormation
   * tokens until deploy; the `FrontendConfig` stack output holds the deployed values as JSON.
   */
  public get frontendConfig(): FrontendConfig {
    return buildFrontendConfig(this, {
      userPool: this.userPool,
      clients: this.clients.values(),
      hiddenClient: CognitoAuth.SMOKE_CLIENT_NAME,
      domain: this.domain,
      identityPool: this.identityPool,
      apiUrls: this.apiUrls,
      signIn: this.authUserPool,
    });
  }

  /**
   * Adds an API's base URL to the front-end config (for example `restApi.url`), under a name of your choice.
   * The smoke check can call a route of it (`smokeCheck.api`).
   */
  public addApiUrl(name: string, url: string): void {
    atPath(this, () => {
      validateApiUrl(this, this.apiUrls, name, url);
      this.apiUrls.set(name, url);
    });
  }

  /** The smoke client and the `SmokeCheck` output. */
  private createSmokeCheck(options: SmokeCheckOptions): AppClient {
    // Sign-in only through AdminInitiateAuth (IAM credentials), never SRP or a password from anyone. A native client
    // rotates its refresh tokens, so it gets no ALLOW_REFRESH_TOKEN_AUTH (the check never refreshes).
    if (!this.authUserPool.passwordSignIn) {
      throw new ConfigError('smokeCheck needs password sign-in (its temporary user signs in with a password), but signInMethods.password is false');
    }
    const client = this.addClient(
      { name: CognitoAuth.SMOKE_CLIENT_NAME, kind: ClientKind.NATIVE, authFlows: { adminUserPassword: true, user: false } },
    );
    addSmokeCheckOutput(this, options, {
      userPool: this.userPool,
      requiredAttributes: this.authUserPool.requiredStandardAttributeNames,
      client,
      identityPool: this.identityPool,
      groups: this.groups,
      apiUrls: this.apiUrls,
    });
    return client;
  }

  /** Adds an app client. Its name must be new. */
  public addClient(options: AppClientOptions): AppClient {
    return atPath(this, () => {
      checkProps('AppClientOptions', options, itemProp('clients', options));
      checkNewClient(
        options,
        { clients: this.clients, declaredScopes: this.declaredScopes, domain: this.domain, featurePlan: this.authUserPool.featurePlan },
      );
      const providerNames = clientProviderNames(options, this.identityProviders);
      const client = new AppClient(this, `Client-${options.name}`, {
        ...options,
        identityProviders: providerNames.map((n) => cognito.UserPoolClientIdentityProvider.custom(n)),
        userPool: this.userPool,
        customAttributeNames: this.authUserPool.customAttributeNames,
        immutableCustomAttributeNames: this.authUserPool.immutableCustomAttributeNames,
        protectedAttributes: this.protectedAttributes,
        passwordlessSignIn: this.authUserPool.passwordless,
        passwordSignIn: this.authUserPool.passwordSignIn,
      });
      for (const server of this.resourceServers.values()) client.node.addDependency(server);
      if (this.identityProviders) dependOnProviders(client, providerNames, this.identityProviders, this.protectedAttributes);
      this.clients.set(options.name, client);
      warnPastClientQuota(this, this.clients.size);

      if (this.domain && client.callbackUrls.length > 0) {
        this.domain.addClient(options.name, client.userPoolClient);
      }
      if (this.identityPool && !client.machineToMachine) {
        this.identityPool.addClient(options.name, client.userPoolClient);
      }
      if (this.outputs) outputClient(this, options.name, client, this.domain);
      this.clientListeners.forEach((listener) => listener(client));
      return client;
    });
  }

  /** Adds a user group. Its name must be new. With an identity pool, a group without a `role` gets one. */
  public addGroup(options: GroupOptions): UserGroup {
    return atPath(this, () => {
      checkProps('GroupOptions', options, itemProp('groups', options));
      checkNewGroup(options, this.groups, this.declaredScopes);
      const group = new UserGroup(this, `Group-${options.name}`, {
        ...options,
        userPool: this.userPool,
        identityPool: this.identityPool,
      });
      this.groups.set(options.name, group);
      this.preTokenGenerationTrigger?.addGroup(options.name, group.permissions, group.scopes);
      return group;
    });
  }

  /**
   * A Cognito user pool authorizer for a REST API, created in `scope` (the API's stack, or a construct in it) like
   * aws-cdk-lib's own constructs, so the pool may live in another stack: API Gateway verifies the token (ID or
   * access) against this pool, for tokens of every client of the pool. An authorizer belongs to one REST API; for
   * another API, call again. Add methods behind it with `addRestApiMethod` (or `restApiMethodOptions`).
   * @param scope where the authorizer is created: the REST API's stack, or a construct in it
   * @param id a construct id, unique in `scope`
   */
  public restApiAuthorizer(scope: Construct, id: string, options: RestApiAuthorizerOptions = {}): apigateway.CognitoUserPoolsAuthorizer {
    atPath(this, () => checkProps('RestApiAuthorizerOptions', options, `restApiAuthorizer('${id}')`));
    if (this.authUserPool.updatedIssuer) {
      throw located(this, new ConfigError(
        `restApiAuthorizer('${id}'): the pool uses the updated issuer (issuer UPDATED, or replicas), which API Gateway's Cognito authorizer does ` +
          `not accept: use jwtAuthorizer(...).forRestApi(scope, id), which verifies the updated issuer`,
      ));
    }
    return new apigateway.CognitoUserPoolsAuthorizer(scope, id, {
      cognitoUserPools: [this.userPool],
      resultsCacheTtl: options.resultsCacheTtl,
      identitySource: apigateway.IdentitySource.header('Authorization'),
    });
  }

  /**
   * Options for `resource.addMethod(httpMethod, integration, options)` behind `authorizer`, optionally requiring OAuth
   * scopes, checked as `addRestApiMethod` checks them. Python's `add_method` takes its options as keyword arguments,
   * not as this object: Python users call `addRestApiMethod` (`add_rest_api_method`), which adds the method itself.
   */
  public restApiMethodOptions(authorizer: apigateway.IAuthorizer, scopes: string[] = []): apigateway.MethodOptions {
    return atPath(this, () => authorizedMethodOptions('restApiMethodOptions', authorizer, scopes, (p, s) => this.grantableScopes(p, s)));
  }

  /**
   * Adds a method (`GET`...) with its integration to a REST API resource, behind `options.authorizer`, and returns it.
   * With `scopes` (the Cognito authorizer only; each grantable to some app client of this pool) it takes access tokens
   * only. Every language can call it: `auth.add_rest_api_method(resource, "GET", integration, authorizer=users)`.
   */
  public addRestApiMethod(resource: apigateway.IResource, httpMethod: string, integration: apigateway.Integration,
    options: AuthorizedMethodOptions): apigateway.Method {
    return atPath(this, () => addAuthorizedMethod(resource, httpMethod, integration, options, (p, s) => this.grantableScopes(p, s)));
  }

  /**
   * A JWT authorizer for HTTP APIs: API Gateway verifies the token's signature, issuer (this pool) and audience
   * (the clients' ids; `aud` of ID tokens, `client_id` of access tokens). By default every client of the pool is
   * accepted, including clients added after this call. aws-cdk-lib creates it in the scope of the first route it is
   * added to, so the API may live in another stack. Require scopes per route with `authorizationScopes` (access
   * tokens only); check them with `httpRouteScopes`.
   */
  public httpApiAuthorizer(options: HttpApiAuthorizerOptions = {}): UserPoolHttpAuthorizer {
    return atPath(this, () => {
      checkProps('HttpApiAuthorizerOptions', options, 'httpApiAuthorizer()');
      return httpApiAuthorizerOf(this.userPool, options, options.clients?.map((n) => this.client(n).userPoolClient), this.clients.values(),
        (listener) => this.clientListeners.push(listener));
    });
  }

  /** Checks scopes for an HTTP route's `authorizationScopes` (each one some client may be granted) and returns them. */
  public httpRouteScopes(scopes: string[]): string[] {
    return atPath(this, () => {
      this.grantableScopes('httpRouteScopes', scopes);
      return [...scopes];
    });
  }

  /**
   * The bundled JWT-verifying Lambda authorizer: required groups (any or all), required scopes, ID or access
   * tokens, chosen clients. Use `forRestApi(scope, id)` or `forHttpApi(id)` on the result.
   * @param id a construct id, unique within this construct
   */
  public jwtAuthorizer(id: string, options: CognitoJwtAuthorizerOptions = {}): JwtAuthorizerFunction {
    return atPath(this, () => {
      checkProps('CognitoJwtAuthorizerOptions', options, `jwtAuthorizer('${id}')`);
      this.grantableScopes(`jwtAuthorizer('${id}').requiredScopes`, options.requiredScopes ?? []);
      this.validateGroupNames(`jwtAuthorizer('${id}').requiredGroups`, options.requiredGroups ?? []);
      const authorizer = new JwtAuthorizerFunction(this, id, {
        ...mergeFunctionSettings(options, this.bundledFunctions),
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
      this.monitoring?.addFunction(`Authorizer ${id}`, authorizer.function);
      return authorizer;
    });
  }

  /** Each scope must be one that some app client of this pool may be granted, or no token can ever carry it. */
  private grantableScopes(prop: string, scopes: string[]): void {
    validateGrantableScopes(prop, scopes, this.clients.values(), this.groups.values(), this.preTokenGenerationTrigger);
  }

  /**
   * The function attached for a trigger operation (bundled or your own), or undefined when there is none.
   * For example `auth.triggerFunction(UserPoolOperation.PRE_SIGN_UP)`.
   */
  public triggerFunction(operation: cognito.UserPoolOperation): lambda.IFunction | undefined {
    return this.triggerFunctions.get(operation.operationName);
  }

  /** Each name must be a group of this pool; groups may be added later, so the check waits for synth. */
  private validateGroupNames(prop: string, names: string[]): void {
    checkAtSynth(this, () =>
      names
        .filter((g) => !this.groups.has(g))
        .map((g) => `${prop} has '${g}', which is not a group of this pool; groups: ${[...this.groups.keys()].join(', ') || '(none)'}`));
  }

  /** The client with this name; throws if there is none. */
  public client(name: string): AppClient {
    return atPath(this, () => lookup(this.clients, name, 'client', 'clients'));
  }

  /** The group with this name; throws if there is none. */
  public group(name: string): UserGroup {
    return atPath(this, () => lookup(this.groups, name, 'group', 'groups'));
  }

  /** The resource server with this identifier; throws if there is none. */
  public resourceServer(identifier: string): cognito.UserPoolResourceServer {
    return atPath(this, () => lookup(this.resourceServers, identifier, 'resourceServer', 'resource servers'));
  }
}
