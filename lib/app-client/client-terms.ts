/** The terms documents that managed login links on a client's sign-up page (Cognito's `AWS::Cognito::Terms`). */
export interface ClientTerms {
  /** The URL of the terms of use (https), shown for every language without a URL of its own. */
  readonly termsOfUseUrl: string;

  /** The URL of the privacy policy (https), shown for every language without a URL of its own. */
  readonly privacyPolicyUrl: string;

  /**
   * Terms of use per managed-login language, keyed by Cognito's language names: english, french, spanish, german,
   * bahasa-indonesia, italian, japanese, korean, portuguese-brazil, chinese-simplified, chinese-traditional.
   * @default - the one URL for every language
   */
  readonly termsOfUseUrlByLanguage?: { [language: string]: string };

  /**
   * The privacy policy per managed-login language (same keys as `termsOfUseUrlByLanguage`).
   * @default - the one URL for every language
   */
  readonly privacyPolicyUrlByLanguage?: { [language: string]: string };
}
