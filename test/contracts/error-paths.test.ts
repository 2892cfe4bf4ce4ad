import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, AuthUserPool, ClientKind, CognitoAuth, GroupRoleIdentityPool, HostedDomain, JwtAuthorizerFunction, PreSignUpTrigger, UserGroup } from '../../lib';
import { testApp } from '../support/helpers';

/**
 * Every error a user can cause names the construct whose props are wrong, the way aws-cdk-lib's validation reports
 * do (`[Stack/Construct] ...`), before the prop, the value and what is allowed. One test per class of error: thrown
 * while a construct is built, by a nested construct, by a method, and reported at synth.
 */
const stack = () => new Stack(testApp(), 'Paths');

test('an error while a standalone construct is built', () => {
  expect(() => new AuthUserPool(stack(), 'Pool', { passwordPolicy: { minLength: 5 } })).toThrow(
    '[Paths/Pool] passwordPolicy.minLength 5 is invalid: Cognito accepts a minimum password length from 6 to 99',
  );
  const s = stack();
  const userPool = new cognito.UserPool(s, 'P');
  expect(() => new AppClient(s, 'Web', { userPool, name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['http://app.example.com/cb'] })).toThrow(
    "[Paths/Web] clients['web'].callbackUrls[0] 'http://app.example.com/cb' is invalid: use https (http is allowed only for localhost and 127.0.0.1)",
  );
  expect(() => new UserGroup(s, 'G', { userPool, name: 'a b' })).toThrow("[Paths/G] groups[].name 'a b' is invalid");
  expect(() => new HostedDomain(s, 'D', { userPool, prefix: 'my-cognito' })).toThrow("[Paths/D] domain.prefix 'my-cognito' is invalid");
  expect(() => new PreSignUpTrigger(s, 'T', { userPool, allowedEmailDomains: ['@x'] })).toThrow("[Paths/T] triggers.preSignUp.allowedEmailDomains[0] '@x' is not a domain name");
  expect(() => new JwtAuthorizerFunction(s, 'A', { userPool, contextClaims: ['sub'] })).toThrow("[Paths/A] jwtAuthorizer('A').contextClaims[0] 'sub'");
  expect(() => new GroupRoleIdentityPool(s, 'I', { userPool, identityPoolName: 'a/b' })).toThrow("[Paths/I] identityPool.identityPoolName 'a/b' is invalid");
});

test('an error of a construct inside CognitoAuth names the innermost construct', () => {
  expect(() => new CognitoAuth(stack(), 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/#x'] }] })).toThrow(
    "[Paths/Auth/Client-web] clients['web'].callbackUrls[0] 'https://app.example.com/#x' is invalid: redirect URLs may not contain a fragment (#)",
  );
  expect(() => new CognitoAuth(stack(), 'Auth', { domain: { prefix: '-x' } })).toThrow("[Paths/Auth/Domain] domain.prefix '-x' is invalid");
  expect(() => new CognitoAuth(stack(), 'Auth', { triggers: { preSignUp: { autoConfirmEmailDomains: ['example.com'], linkExternalUsers: true } } })).toThrow(
    "[Paths/Auth/PreSignUp] triggers.preSignUp.autoConfirmEmailDomains has 'example.com' while linkExternalUsers is on",
  );
  // an error of CognitoAuth's own props
  expect(() => new CognitoAuth(stack(), 'Auth', { groups: [{ name: 'a' }, { name: 'a' }] })).toThrow("[Paths/Auth] groups has 'a' more than once: names must be unique");
});

test('an error of a method names the construct it was called on', () => {
  const auth = new CognitoAuth(stack(), 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
  expect(() => auth.addGroup({ name: 'g', scopes: ['orders/read'] })).toThrow("[Paths/Auth] groups['g'].scopes[0] 'orders/read' is not a scope of any resource server");
  expect(() => auth.addClient({ name: 'web', kind: ClientKind.NATIVE })).toThrow("[Paths/Auth] clients has 'web' more than once: names must be unique");
  expect(() => auth.client('mobile')).toThrow("[Paths/Auth] client('mobile'): no such client; the clients are: web");
  expect(() => auth.addApiUrl('rest', 'http://api.example.com/')).toThrow("[Paths/Auth] addApiUrl: url 'http://api.example.com/' of 'rest' is invalid: an API URL must start with https://");
  expect(() => auth.httpRouteScopes(['orders/read'])).toThrow("[Paths/Auth] httpRouteScopes scopes[0] 'orders/read' is granted to no app client of this pool");
});

test('an error found at synth is reported with the construct path by aws-cdk-lib', () => {
  const s = stack();
  const auth = new CognitoAuth(s, 'Auth', { selfSignUp: true, clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
  auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] });
  expect(() => Template.fromStack(s)).toThrow(/\[Paths\/Auth\] jwtAuthorizer\('Admins'\)\.requiredGroups has 'admin', which is not a group of this pool; groups: \(none\)/);
});
