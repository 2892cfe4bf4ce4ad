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
