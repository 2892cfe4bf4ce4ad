import * as cognito from 'aws-cdk-lib/aws-cognito';
import { STANDARD_KEYS } from '../../private/cognito-names';

const STANDARD_WRITABLE: cognito.StandardAttributesMask = {
  address: true,
  birthdate: true,
  email: true,
  familyName: true,
  gender: true,
  givenName: true,
  locale: true,
  middleName: true,
  fullname: true,
  nickname: true,
  phoneNumber: true,
  profilePicture: true,
  preferredUsername: true,
  profilePage: true,
  timezone: true,
  lastUpdateTime: true,
  website: true,
};

/**
 * The default write attributes: the writable standard attributes and the mutable custom attributes, less those in
 * `exclude` (Cognito names).
 */
export function defaultWriteAttributes(customAttributeNames: string[], exclude: string[]): cognito.ClientAttributes {
  const standard: { [key: string]: boolean } = {};
  for (const [key, on] of Object.entries(STANDARD_WRITABLE)) {
    if (on && !exclude.includes(STANDARD_KEYS[key])) standard[key] = true;
  }
  return new cognito.ClientAttributes()
    .withStandardAttributes(standard as cognito.StandardAttributesMask)
    .withCustomAttributes(...customAttributeNames.filter((n) => !exclude.includes(`custom:${n}`)));
}
