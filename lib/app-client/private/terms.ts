import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { ClientTerms } from '../client-terms';
import { ConfigError } from '../../private/errors';
import { LIMITS } from '../../private/limits';

/**
 * The languages that CloudFormation's AWS::Cognito::Terms takes as link keys (`cognito:<language>`), from its
 * schema's pattern. The CreateTerms API also lists dutch; CloudFormation's schema does not (yet).
 */
export const TERMS_LANGUAGES = [
  'english', 'french', 'spanish', 'german', 'bahasa-indonesia', 'italian', 'japanese', 'korean', 'portuguese-brazil',
  'chinese-simplified', 'chinese-traditional',
];

/** Checks a client's terms: https URLs of at most 1024 characters (CreateTerms), known languages. Tokens pass. */
export function validateTerms(prop: string, terms: ClientTerms): void {
  const check = (where: string, url: string): void => {
    if (Token.isUnresolved(url)) return;
    if (!/^https:\/\/[^/\s]+/.test(url)) throw new ConfigError(`${where} '${url}' is invalid: a terms link must be an https URL`);
    if (url.length > LIMITS.termsLinkMaxLength) {
      throw new ConfigError(`${where} is ${url.length} characters long: Cognito takes terms links of at most ${LIMITS.termsLinkMaxLength}`);
    }
  };
  check(`${prop}.termsOfUseUrl`, terms.termsOfUseUrl);
  check(`${prop}.privacyPolicyUrl`, terms.privacyPolicyUrl);
  for (const key of ['termsOfUseUrlByLanguage', 'privacyPolicyUrlByLanguage'] as const) {
    for (const [language, url] of Object.entries(terms[key] ?? {})) {
      if (!TERMS_LANGUAGES.includes(language)) {
        throw new ConfigError(`${prop}.${key} has '${language}', which is not a managed-login language; use one of: ${TERMS_LANGUAGES.join(', ')}`);
      }
      check(`${prop}.${key}['${language}']`, url);
    }
  }
}

/** The two terms documents of a client, which managed login links on its sign-up page once both exist. */
export function addTerms(scope: Construct, userPool: cognito.IUserPool, client: cognito.IUserPoolClient, terms: ClientTerms): cognito.CfnTerms[] {
  const links = (url: string, byLanguage: { [language: string]: string } = {}) => ({
    'cognito:default': url,
    ...Object.fromEntries(Object.entries(byLanguage).map(([language, u]) => [`cognito:${language}`, u])),
  });
  return [
    ['TermsOfUse', 'terms-of-use', links(terms.termsOfUseUrl, terms.termsOfUseUrlByLanguage)] as const,
    ['PrivacyPolicy', 'privacy-policy', links(terms.privacyPolicyUrl, terms.privacyPolicyUrlByLanguage)] as const,
  ].map(([id, termsName, documentLinks]) =>
    new cognito.CfnTerms(scope, id, {
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      termsName,
      // The only values CloudFormation takes today.
      termsSource: 'LINK',
      enforcement: 'NONE',
      links: documentLinks,
    }),
  );
}
