// REST methods behind an authorizer: the options `restApiMethodOptions` returns, and the method `addRestApiMethod`
// adds with them. The second is the form every jsii language can call: Python takes `addMethod`'s options as keyword
// arguments, so it has no way to pass the options object the first returns.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import type { AuthorizedMethodOptions } from '../cognito-auth-props';
import { ConfigError } from '../../private/errors';
import { checkProps } from '../../private/props-check';

/** Checks that each scope is one that some app client of the pool may be granted (`CognitoAuth`'s check). */
export type ScopeCheck = (prop: string, scopes: string[]) => void;

/** The method options that come from the authorizer and the scopes, so `methodOptions` may not hold them. */
const SET_FROM_AUTHORIZER = ['authorizer', 'authorizationType', 'authorizationScopes'] as const;

/**
 * The method options of a REST method behind `authorizer`: with scopes, the Cognito authorizer and the scopes
 * (which must be grantable), else the authorizer's own authorization type.
 */
export function authorizedMethodOptions(
  prop: string,
  authorizer: apigateway.IAuthorizer,
  scopes: string[],
  checkScopes: ScopeCheck,
): apigateway.MethodOptions {
  if (scopes.length > 0 && !(authorizer instanceof apigateway.CognitoUserPoolsAuthorizer)) {
    throw new ConfigError(
      `${prop}: scopes on a REST method need the Cognito authorizer (restApiAuthorizer()); with the JWT Lambda authorizer use its requiredScopes`,
    );
  }
  checkScopes(prop, scopes);
  return scopes.length > 0
    ? { authorizer, authorizationType: apigateway.AuthorizationType.COGNITO, authorizationScopes: [...scopes] }
    : { authorizer, authorizationType: authorizer.authorizationType ?? apigateway.AuthorizationType.COGNITO };
}

/** Adds `httpMethod` to `resource` behind `options.authorizer`, with `options.methodOptions` for the rest. */
export function addAuthorizedMethod(
  resource: apigateway.IResource,
  httpMethod: string,
  integration: apigateway.Integration,
  options: AuthorizedMethodOptions,
  checkScopes: ScopeCheck,
): apigateway.Method {
  const prop = `addRestApiMethod('${String(httpMethod).toUpperCase()} ${resource.path}')`;
  checkProps('AuthorizedMethodOptions', options, prop);
  const methodOptions: apigateway.MethodOptions = options.methodOptions ?? {};
  for (const key of SET_FROM_AUTHORIZER) {
    const value = methodOptions[key];
    if (value !== undefined && value !== null) throw new ConfigError(refusal(`${prop}.methodOptions.${key}`, key, value));
  }
  const authorized = authorizedMethodOptions(prop, options.authorizer, options.scopes ?? [], checkScopes);
  return resource.addMethod(httpMethod, integration, { ...methodOptions, ...authorized });
}

/** Why `methodOptions` may not hold `key`, and where its value goes instead. */
function refusal(where: string, key: (typeof SET_FROM_AUTHORIZER)[number], value: unknown): string {
  const allowed =
    'methodOptions takes every other MethodOptions prop (authorizer, authorizationType and authorizationScopes are set by addRestApiMethod)';
  switch (key) {
    case 'authorizer':
      return `${where} is ${Construct.isConstruct(value) ? `the authorizer ${value.node.path}` : 'set'}: give the authorizer as authorizer, beside ` +
        `methodOptions; ${allowed}`;
    case 'authorizationType':
      return `${where} is '${String(value)}': it follows from authorizer (COGNITO_USER_POOLS with restApiAuthorizer(), CUSTOM with a Lambda ` +
        `authorizer); ${allowed}`;
    case 'authorizationScopes':
      return `${where} is ${Array.isArray(value) ? `[${value.map((s) => `'${String(s)}'`).join(', ')}]` : `'${String(value)}'`}: give the scopes ` +
        `as scopes, beside methodOptions, where they are checked against this pool's clients; ${allowed}`;
  }
}
