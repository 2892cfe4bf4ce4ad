// Cognito's own names of things the library's props name in their own words: standard attributes, first factors.
import type * as cognito from 'aws-cdk-lib/aws-cognito';

/** The Cognito names of the standard attributes, by their aws-cdk-lib keys (AttributeMapping, StandardAttributes). */
export const STANDARD_KEYS: { [key: string]: string } = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  emailVerified: 'email_verified',
  familyName: 'family_name',
  gender: 'gender',
  givenName: 'given_name',
  locale: 'locale',
  middleName: 'middle_name',
  fullname: 'name',
  nickname: 'nickname',
  phoneNumber: 'phone_number',
  profilePicture: 'picture',
  preferredUsername: 'preferred_username',
  profilePage: 'profile',
  timezone: 'zoneinfo',
  lastUpdateTime: 'updated_at',
  website: 'website',
  phoneNumberVerified: 'phone_number_verified',
};

/** The Cognito names of the standard attributes declared immutable. */
export function immutableStandardAttributes(attributes: cognito.StandardAttributes): string[] {
  return Object.entries(attributes as { [key: string]: cognito.StandardAttribute | undefined })
    .filter(([, a]) => a?.mutable === false)
    .map(([k]) => STANDARD_KEYS[k] ?? k);
}

/** The Cognito names of the standard attributes declared required. */
export function requiredStandardAttributes(attributes: cognito.StandardAttributes): string[] {
  return Object.entries(attributes as { [key: string]: cognito.StandardAttribute | undefined })
    .filter(([, a]) => a?.required === true)
    .map(([k]) => STANDARD_KEYS[k] ?? k);
}

/** The standard attributes of every user pool, by their Cognito names: those aws-cdk-lib names, and `sub`. */
export const STANDARD_ATTRIBUTE_NAMES = [...Object.values(STANDARD_KEYS), 'sub'].sort();

/** Cognito's names of the first factors, as `AllowedFirstAuthFactors` and Amplify's `preferredChallenge` spell them. */
export const FIRST_FACTOR = { password: 'PASSWORD', emailOtp: 'EMAIL_OTP', smsOtp: 'SMS_OTP', passkey: 'WEB_AUTHN' } as const;

/** The prop of `SignInMethods` behind each of Cognito's names, for messages in the user's words. */
const METHOD_PROP: { [factor: string]: string } = { PASSWORD: 'password', EMAIL_OTP: 'emailOtp', SMS_OTP: 'smsOtp', WEB_AUTHN: 'passkey' };
export const methodProps = (factors: string[]): string => factors.map((f) => METHOD_PROP[f]).join(', ');
