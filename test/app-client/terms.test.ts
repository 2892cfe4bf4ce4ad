import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import { testApp, testStack } from '../support/helpers';

// A client's terms documents (ClientTerms), which managed login links on its sign-up page. The documents themselves, in
// a pool with every sign-in method, are in test/user-pool/sign-in-methods.test.ts.

const WEB = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] };

describe('bad terms fail at synth with an exact message', () => {
  const terms = { termsOfUseUrl: 'https://example.com/terms', privacyPolicyUrl: 'https://example.com/privacy' };
  const authWith = (props: CognitoAuthProps) => () => new CognitoAuth(testStack(), 'Auth', props);

  test.each<[string, CognitoAuthProps, string]>([
    ['without a domain', { clients: [{ ...WEB, terms }] }, "[Test/Auth] clients['web'].terms is set, but the pool has no domain: terms are shown by managed login only"],
    [
      'on the classic hosted UI',
      { domain: { prefix: 'classic', managedLogin: false }, clients: [{ ...WEB, terms }] },
      "[Test/Auth] clients['web'].terms is set, but the pool has the classic hosted UI: terms are shown by managed login only",
    ],
    [
      'on a client without callback URLs',
      { domain: { prefix: 'terms' }, clients: [{ name: 'spa', kind: ClientKind.PUBLIC_WEB, terms }] },
      "[Test/Auth/Client-spa] clients['spa'].terms is set, but the client has no callbackUrls: managed login shows terms on the sign-up page of clients that sign users in there",
    ],
    [
      'a link that is not https',
      { domain: { prefix: 'terms' }, clients: [{ ...WEB, terms: { ...terms, privacyPolicyUrl: 'http://example.com/privacy' } }] },
      "[Test/Auth/Client-web] clients['web'].terms.privacyPolicyUrl 'http://example.com/privacy' is invalid: a terms link must be an https URL",
    ],
    [
      'a link too long',
      { domain: { prefix: 'terms' }, clients: [{ ...WEB, terms: { ...terms, termsOfUseUrl: `https://example.com/${'t'.repeat(1010)}` } }] },
      "[Test/Auth/Client-web] clients['web'].terms.termsOfUseUrl is 1030 characters long: Cognito takes terms links of at most 1024",
    ],
    [
      'a language managed login does not have',
      { domain: { prefix: 'terms' }, clients: [{ ...WEB, terms: { ...terms, privacyPolicyUrlByLanguage: { klingon: 'https://example.com/tlh' } } }] },
      "[Test/Auth/Client-web] clients['web'].terms.privacyPolicyUrlByLanguage has 'klingon', which is not a managed-login language; use one of: english, french, spanish, german, bahasa-indonesia, italian, japanese, korean, portuguese-brazil, chinese-simplified, chinese-traditional",
    ],
  ])('%s', (_name, props, message) => {
    expect(authWith(props)).toThrow(message);
  });

  test('a token link is not checked', () => {
    const stack = new Stack(testApp(), 'Test');
    const url = Lazy.string({ produce: () => 'https://late.example.com/terms' });
    new CognitoAuth(stack, 'Auth', { domain: { prefix: 'terms' }, clients: [{ ...WEB, terms: { ...terms, termsOfUseUrl: url } }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::Terms', { TermsName: 'terms-of-use', Links: { 'cognito:default': 'https://late.example.com/terms' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::Terms', { TermsName: 'privacy-policy', Links: Match.anyValue() });
  });
});
