import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { ResourceServerOptions } from '../../app-client/resource-server-options';
import { ADJUSTABLE_QUOTAS, LIMITS } from '../../private/limits';
import { NAME_ALLOWED, NAME_PATTERN, validateCount, validateText, validateUnique } from '../../private/validators';

/**
 * A resource server as CreateResourceServer takes it: Identifier 1-256 of [\x21\x23-\x5B\x5D-\x7E]; Name 1-256 of
 * [\w\s+=,.@-]; at most 100 scopes, each ScopeName 1-256 of [\x21\x23-\x2E\x30-\x5B\x5D-\x7E] (no '/') with a
 * ScopeDescription of 1-256 characters, unique names.
 */
export function validateResourceServer(server: ResourceServerOptions): void {
  const prop = `resourceServers['${server.identifier}']`;
  const max = LIMITS.resourceServerTextMaxLength;
  validateText(`${prop}.identifier`, server.identifier, 1, max, /^[\x21\x23-\x5B\x5D-\x7E]+$/, "printable ASCII without white space, '\"' or '\\'");
  if (server.name !== undefined) validateText(`${prop}.name`, server.name, 1, max, NAME_PATTERN, NAME_ALLOWED);
  validateCount(`${prop}.scopes`, server.scopes.length, LIMITS.resourceServerScopesMax, 'scopes', 'CreateResourceServer (Scopes)');
  validateUnique(`${prop}.scopes`, server.scopes.map((scope) => scope.name));
  server.scopes.forEach((scope, i) => {
    validateText(`${prop}.scopes[${i}].name`, scope.name, 1, max, /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/, "printable ASCII without white space, " +
      "'/', '\"' or '\\'");
    validateText(`${prop}.scopes[${i}].description`, scope.description, 1, max, undefined, 'any text');
  });
}

/**
 * The pool's resource servers, keyed on their identifiers (never their positions: reordering the list changes no
 * logical id), each checked against CreateResourceServer's limits; past the default quota, a warning.
 */
export function addResourceServers(
  scope: Construct,
  userPool: cognito.UserPool,
  servers: ResourceServerOptions[],
): Map<string, cognito.UserPoolResourceServer> {
  if (servers.length > ADJUSTABLE_QUOTAS.resourceServersPerPool) {
    Annotations.of(scope).addWarningV2(
      'cdk-cognito-auth:resourceServerQuota',
      `resourceServers has ${servers.length} servers: Cognito's default quota is ${ADJUSTABLE_QUOTAS.resourceServersPerPool} per user pool ` +
        `(adjustable); deploying fails unless the account's quota was raised`,
    );
  }
  servers.forEach((server) => validateResourceServer(server));
  const added = new Map<string, cognito.UserPoolResourceServer>();
  for (const server of servers) {
    added.set(
      server.identifier,
      userPool.addResourceServer(`ResourceServer-${server.identifier}`, {
        identifier: server.identifier,
        // Cognito's Name pattern is narrower than its Identifier's: an identifier like https://api.example.com/x is
        // not a valid name, so the default name keeps only the characters a name may have.
        userPoolResourceServerName: server.name ?? server.identifier.replace(/[^\w\s+=,.@-]/g, '-'),
        scopes: server.scopes.map((s) => new cognito.ResourceServerScope({ scopeName: s.name, scopeDescription: s.description })),
      }),
    );
  }
  return added;
}
