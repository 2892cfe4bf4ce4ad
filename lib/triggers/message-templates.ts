// The message templates that the bundled custom message trigger and the bundled custom senders take. The construct
// files import these; this file imports none of them.

/** The messages Cognito sends: each bundled messages trigger chooses its template by the message's source. */
export enum MessageSource {
  /** The confirmation code after a sign-up (`*_SignUp`). */
  SIGN_UP = 'SignUp',
  /** The invitation to a user an administrator created, with the user name and a temporary password (`*_AdminCreateUser`). */
  ADMIN_CREATE_USER = 'AdminCreateUser',
  /** The confirmation code sent again (`*_ResendCode`). */
  RESEND_CODE = 'ResendCode',
  /** The code that resets a forgotten password (`*_ForgotPassword`). */
  FORGOT_PASSWORD = 'ForgotPassword',
  /** The code sent when a user's email address or phone number changes (`*_UpdateUserAttribute`). */
  UPDATE_USER_ATTRIBUTE = 'UpdateUserAttribute',
  /** The code a user asks for to verify an email address or phone number (`*_VerifyUserAttribute`). */
  VERIFY_USER_ATTRIBUTE = 'VerifyUserAttribute',
  /** The MFA or sign-in code (`*_Authentication`). */
  AUTHENTICATION = 'Authentication',
}

/**
 * One message's templates in one locale. Placeholders: `{####}` for the code (or the temporary password of an
 * invitation), required in every email body and SMS text; `{username}` for the user name, required in an invitation;
 * `{##Verify email##}` for the verification link where the pool verifies addresses by link; and `{given_name}`,
 * `{custom:tenant_id}` and the like for the user's attributes (HTML-escaped in an email body).
 */
export interface MessageTemplate {
  /** The message these templates are for. */
  readonly source: MessageSource;

  /**
   * The locale (`en`, `de`, `pt-BR`), matched case-insensitively against the user's `locale` attribute, then against
   * its language (`de` for `de-AT`).
   * @default - the default locale of the templates
   */
  readonly locale?: string;

  /**
   * The email's subject (text, 1 to 140 characters).
   * @default - none: Cognito's own subject (the trigger); the email sender needs one for every email
   */
  readonly emailSubject?: string;

  /**
   * The email's body (HTML, at most 20,000 characters with the code).
   * @default - `emailBodyFile`, or none: Cognito's own message (the trigger); no email (the email sender)
   */
  readonly emailBody?: string;

  /**
   * A file whose text (UTF-8) is the email's body, read at synth and checked as `emailBody` is. A relative path is
   * taken from the folder synth runs in (as `lambda.Code.fromAsset` takes it).
   * @default - `emailBody`
   */
  readonly emailBodyFile?: string;

  /**
   * The SMS text (at most 140 characters with the code).
   * @default - `smsFile`, or none: Cognito's own message (the trigger); no SMS (the SMS sender)
   */
  readonly sms?: string;

  /**
   * A file whose text (UTF-8) is the SMS text, read at synth and checked as `sms` is.
   * @default - `sms`
   */
  readonly smsFile?: string;
}

/** Templates per message and locale. */
export interface MessageTemplatesOptions {
  /** The templates: each message source and locale at most once, and every message in the default locale. */
  readonly templates: MessageTemplate[];

  /**
   * The locale of the templates that users get whose `locale` attribute matches no template.
   * @default 'en'
   */
  readonly defaultLocale?: string;
}
