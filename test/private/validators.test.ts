import { Duration, Lazy, Token } from 'aws-cdk-lib';
import {
  validateCertificateRegion,
  validateCustomAttributes,
  validateDomainPrefix,
  validateGroupName,
  validateGroupPrecedence,
  validatePasswordLength,
  validateRedirectUrl,
  validateTokenValidity,
  validateUnique,
} from '../../lib/private/validators';

const tokenString = () => Lazy.string({ produce: () => 'resolved-later' });
const tokenNumber = () => Lazy.number({ produce: () => 1 });

describe('domain prefix', () => {
  test.each(['a', 'my-app-auth', 'x1', 'a'.repeat(63), '0-0'])('accepts %s', (prefix) => {
    expect(() => validateDomainPrefix('domain.prefix', prefix)).not.toThrow();
  });

  test.each(['', 'My-App', '-auth', 'auth-', 'auth_app', 'auth.app', 'a'.repeat(64)])('rejects %p', (prefix) => {
    expect(() => validateDomainPrefix('domain.prefix', prefix)).toThrow(
      `domain.prefix '${prefix}' is invalid: a Cognito domain prefix is 1 to 63 lowercase letters (a-z), digits and hyphens, and does not start or end with a hyphen`,
    );
  });

  test.each([
    ['my-aws-login', 'aws'],
    ['amazonlogin', 'amazon'],
    ['shop-cognito', 'cognito'],
  ])('rejects %s for the reserved word %s', (prefix, word) => {
    expect(() => validateDomainPrefix('domain.prefix', prefix)).toThrow(
      `domain.prefix '${prefix}' is invalid: a Cognito domain prefix may not contain 'aws', 'amazon' or 'cognito' (found '${word}')`,
    );
  });

  test('does not fail when the value is a token', () => {
    expect(() => validateDomainPrefix('domain.prefix', tokenString())).not.toThrow();
  });
});

describe('certificate region', () => {
  test('accepts us-east-1', () => {
    expect(() =>
      validateCertificateRegion('domain.customDomain.certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    ).not.toThrow();
  });

  test('rejects another region', () => {
    expect(() =>
      validateCertificateRegion('domain.customDomain.certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    ).toThrow(
      "domain.customDomain.certificate 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' is in region 'eu-west-1': a Cognito custom domain needs an ACM certificate in us-east-1",
    );
  });

  test('rejects what is not an ACM ARN', () => {
    expect(() => validateCertificateRegion('domain.customDomain.certificate', 'not-an-arn')).toThrow(
      "domain.customDomain.certificate 'not-an-arn' is not an ACM certificate ARN (arn:<partition>:acm:us-east-1:<account>:certificate/<id>)",
    );
  });

  test('does not fail when the value is a token', () => {
    expect(() => validateCertificateRegion('domain.customDomain.certificate', tokenString())).not.toThrow();
  });
});

describe('custom attributes', () => {
  test('accepts 50 names of up to 20 characters', () => {
    const names = Array.from({ length: 50 }, (_, i) => `attr_${i}`.padEnd(20, 'x'));
    expect(() => validateCustomAttributes('customAttributes', names)).not.toThrow();
  });

  test('rejects 51 attributes', () => {
    const names = Array.from({ length: 51 }, (_, i) => `attr_${i}`);
    expect(() => validateCustomAttributes('customAttributes', names)).toThrow(
      'customAttributes has 51 attributes: a user pool can have at most 50 custom attributes',
    );
  });

  test.each(['', 'a'.repeat(21), 'has space'])('rejects the name %p', (name) => {
    expect(() => validateCustomAttributes('customAttributes', [name])).toThrow(
      `customAttributes key '${name}' is invalid: a custom attribute name is 1 to 20 characters with no white space`,
    );
  });

  test('rejects the custom: prefix', () => {
    expect(() => validateCustomAttributes('customAttributes', ['custom:tenant'])).toThrow(
      "customAttributes key 'custom:tenant' is invalid: give the name without the 'custom:' prefix (Cognito adds it)",
    );
  });
});

describe('groups', () => {
  test.each(['admin', 'a', 'x'.repeat(128), 'tenant:acme/admins', 'Ünïcode'])('accepts the name %p', (name) => {
    expect(() => validateGroupName('groups[].name', name)).not.toThrow();
  });

  test.each(['', 'x'.repeat(129), 'two words', 'tab\tname'])('rejects the name %p', (name) => {
    expect(() => validateGroupName('groups[].name', name)).toThrow(
      `groups[].name '${name}' is invalid: a group name is 1 to 128 letters, digits, symbols or punctuation, with no white space`,
    );
  });

  test.each([0, 1, 2147483647])('accepts the precedence %p', (precedence) => {
    expect(() => validateGroupPrecedence('groups.precedence', precedence)).not.toThrow();
  });

  test.each([-1, 2147483648, 1.5, NaN])('rejects the precedence %p', (precedence) => {
    expect(() => validateGroupPrecedence('groups.precedence', precedence)).toThrow(
      `groups.precedence ${precedence} is invalid: precedence is a whole number from 0 to 2147483647`,
    );
  });

  test('does not fail when the values are tokens', () => {
    expect(() => validateGroupName('groups[].name', tokenString())).not.toThrow();
    expect(() => validateGroupPrecedence('groups.precedence', tokenNumber())).not.toThrow();
  });

  test('rejects duplicate names', () => {
    expect(() => validateUnique('groups', ['a', 'b', 'a'])).toThrow("groups has 'a' more than once: names must be unique");
  });
});

describe('redirect URLs', () => {
  test.each([
    'https://app.example.com/callback',
    'http://localhost:3000/callback',
    'http://127.0.0.1/cb',
    'https://app.example.com/cb?x=1',
  ])('accepts %s for any client', (url) => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', url, false)).not.toThrow();
  });

  test('rejects plain http on a public host', () => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', 'http://app.example.com/cb', false)).toThrow(
      "clients.callbackUrls[0] 'http://app.example.com/cb' is invalid: use https (http is allowed only for localhost and 127.0.0.1)",
    );
  });

  test('rejects a fragment', () => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', 'https://app.example.com/cb#x', false)).toThrow(
      "clients.callbackUrls[0] 'https://app.example.com/cb#x' is invalid: redirect URLs may not contain a fragment (#)",
    );
  });

  test('rejects a custom scheme unless allowed', () => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', 'myapp://callback', false)).toThrow(
      "clients.callbackUrls[0] 'myapp://callback' is invalid: the 'myapp' scheme is allowed only for native clients (ClientKind.NATIVE); use https",
    );
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', 'myapp://callback', true)).not.toThrow();
  });

  test('rejects what is not a URL', () => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', '/callback', false)).toThrow(
      "clients.callbackUrls[0] '/callback' is not an absolute URL",
    );
  });

  test('does not fail when the value is a token', () => {
    expect(() => validateRedirectUrl('clients.callbackUrls[0]', tokenString(), false)).not.toThrow();
  });
});

describe('token validity', () => {
  test.each([Duration.minutes(5), Duration.hours(1), Duration.days(1)])('accepts %s for access and ID tokens', (d) => {
    expect(() => validateTokenValidity('accessTokenValidity', 'access', d)).not.toThrow();
    expect(() => validateTokenValidity('idTokenValidity', 'id', d)).not.toThrow();
  });

  test.each([
    [Duration.minutes(4), '4 minutes'],
    [Duration.minutes(24 * 60 + 1), '1 day 1 minute'],
  ])('rejects %s for access tokens', (d, human) => {
    expect(() => validateTokenValidity('accessTokenValidity', 'access', d)).toThrow(
      `accessTokenValidity ${human} is invalid: an access token is valid for 5 minutes to 1 day`,
    );
    expect(() => validateTokenValidity('idTokenValidity', 'id', d)).toThrow(
      `idTokenValidity ${human} is invalid: an ID token is valid for 5 minutes to 1 day`,
    );
  });

  test.each([Duration.minutes(60), Duration.days(30), Duration.days(3650)])('accepts %s for refresh tokens', (d) => {
    expect(() => validateTokenValidity('refreshTokenValidity', 'refresh', d)).not.toThrow();
  });

  test.each([
    [Duration.minutes(59), '59 minutes'],
    [Duration.days(3651), '3651 days'],
  ])('rejects %s for refresh tokens', (d, human) => {
    expect(() => validateTokenValidity('refreshTokenValidity', 'refresh', d)).toThrow(
      `refreshTokenValidity ${human} is invalid: a refresh token is valid for 60 minutes to 3650 days (10 years)`,
    );
  });

  test('does not fail when the value is a token', () => {
    expect(() => validateTokenValidity('accessTokenValidity', 'access', Duration.minutes(Token.asNumber(tokenNumber())))).not.toThrow();
  });
});

describe('password length', () => {
  test.each([6, 12, 99])('accepts %p', (n) => {
    expect(() => validatePasswordLength('passwordPolicy.minLength', n)).not.toThrow();
  });
  test.each([5, 100, 8.5])('rejects %p', (n) => {
    expect(() => validatePasswordLength('passwordPolicy.minLength', n)).toThrow(
      `passwordPolicy.minLength ${n} is invalid: Cognito accepts a minimum password length from 6 to 99`,
    );
  });
  test('does not fail when the value is a token', () => {
    expect(() => validatePasswordLength('passwordPolicy.minLength', tokenNumber())).not.toThrow();
  });
});
