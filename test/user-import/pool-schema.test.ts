/**
 * The pool's schema as the validator reads it: from a synthesized CognitoAuth's AWS::Cognito::UserPool (the offline dry
 * run), and from DescribeUserPool (the online one); then the validator against the synthesized pool's schema.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuth } from '../../lib';
import { csvHeaderOf, poolSchemaFromDescribe, poolSchemaFromTemplate, STANDARD_ATTRIBUTES } from '../../lib/user-import/pool-schema';
import { formatProblem, validateUserImport } from '../../lib/user-import/validate';
import { testApp } from '../support/helpers';

/** A pool with email sign-in, a required given name, two custom attributes, MFA required with SMS and TOTP. */
const stack = new Stack(testApp(), 'Auth');
new CognitoAuth(stack, 'Auth', {
  standardAttributes: { givenName: { required: true, mutable: true } },
  customAttributes: {
    tenant_id: new cognito.StringAttribute({ minLen: 1, maxLen: 8, mutable: false }),
    seats: new cognito.NumberAttribute({ min: 1, max: 100, mutable: true }),
  },
  mfa: cognito.Mfa.REQUIRED,
  mfaSecondFactor: { sms: true, otp: true },
});
const template = Template.fromStack(stack).toJSON();
const { logicalId, schema } = poolSchemaFromTemplate(template);

/** The GetCSVHeader sample of the developer guide, in its order. */
const GUIDE_HEADER = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email',
  'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at',
  'cognito:mfa_enabled', 'cognito:username',
];

describe('the schema of a synthesized pool', () => {
  test('sign-in, verification, MFA and case from the template', () => {
    expect(logicalId).toMatch(/^AuthUserPool[0-9A-F]{8}$/);
    expect({ ...schema, attributes: undefined }).toEqual({
      attributes: undefined,
      usernameAttributes: ['email'],
      aliasAttributes: [],
      autoVerifiedAttributes: ['email'],
      mfa: 'ON',
      smsMfa: true,
      caseSensitive: false,
    });
  });

  test('the attributes: the standard ones with the pool\'s required flags, then the custom ones with their limits', () => {
    const byName = Object.fromEntries(schema.attributes.map((a) => [a.name, a]));
    // standardAttributes given: email is not required here (users sign in with it all the same)
    expect(byName.email).toEqual({ name: 'email', type: 'String', required: false, maxLength: 2048 });
    expect(byName.given_name).toEqual({ name: 'given_name', type: 'String', required: true, maxLength: 2048 });
    expect(byName.family_name).toEqual({ name: 'family_name', type: 'String', required: false, maxLength: 2048 });
    expect(byName['custom:tenant_id']).toEqual({ name: 'custom:tenant_id', type: 'String', required: false, minLength: 1, maxLength: 8 });
    expect(byName['custom:seats']).toEqual({ name: 'custom:seats', type: 'Number', required: false, minValue: 1, maxValue: 100 });
  });

  test('the header derived offline: the guide\'s GetCSVHeader sample with the custom attributes before cognito:mfa_enabled', () => {
    expect(csvHeaderOf(schema)).toEqual([...GUIDE_HEADER.slice(0, 19), 'custom:tenant_id', 'custom:seats', ...GUIDE_HEADER.slice(19)]);
    expect(STANDARD_ATTRIBUTES.map((a) => a.name)).toEqual(GUIDE_HEADER.slice(0, 19));
  });

  test('a template without a pool, with several, and --pool choosing one', () => {
    expect(() => poolSchemaFromTemplate({ Resources: {} })).toThrow('the template has no AWS::Cognito::UserPool');
    const two = { Resources: { A: { Type: 'AWS::Cognito::UserPool' }, B: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'OPTIONAL' } } } };
    expect(() => poolSchemaFromTemplate(two)).toThrow('the template has several user pools (A, B): choose one with --pool');
    expect(() => poolSchemaFromTemplate(two, 'C')).toThrow("the template has no AWS::Cognito::UserPool 'C'; its user pools: A, B");
    expect(poolSchemaFromTemplate(two, 'B').schema.mfa).toBe('OPTIONAL');
    // nothing said: Cognito's defaults (MFA off, no SMS MFA, case-sensitive user names)
    expect(poolSchemaFromTemplate(two, 'A').schema).toMatchObject({ mfa: 'OFF', smsMfa: false, caseSensitive: true, usernameAttributes: [] });
    // a value the template computes is not known
    const computed = { Resources: { P: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: { 'Fn::If': ['C', 'ON', 'OFF'] }, EnabledMfas: { Ref: 'X' } } } } };
    expect(poolSchemaFromTemplate(computed).schema).toMatchObject({ mfa: undefined, smsMfa: undefined });
  });
});

describe('the schema DescribeUserPool describes', () => {
  test('custom attributes as custom:..., sub and identities left out, limits as numbers', () => {
    const described = poolSchemaFromDescribe(
      {
        SchemaAttributes: [
          { Name: 'sub', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } },
          { Name: 'identities', AttributeDataType: 'String' },
          { Name: 'email', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } },
          { Name: 'email_verified', AttributeDataType: 'Boolean', Required: false },
          { Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0' } },
          { Name: 'custom:seats', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '100' } },
        ],
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        UsernameConfiguration: { CaseSensitive: false },
      },
      false,
    );
    expect(described).toEqual({
      attributes: [
        { name: 'email', type: 'String', required: true, minLength: 0, maxLength: 2048 },
        { name: 'email_verified', type: 'Boolean', required: false },
        { name: 'updated_at', type: 'Number', required: false, minValue: 0 },
        { name: 'custom:seats', type: 'Number', required: false, minValue: 1, maxValue: 100 },
      ],
      usernameAttributes: ['email'],
      aliasAttributes: [],
      autoVerifiedAttributes: ['email'],
      mfa: 'OPTIONAL',
      smsMfa: false,
      caseSensitive: false,
    });
    expect(poolSchemaFromDescribe({}, true)).toEqual({
      attributes: [], usernameAttributes: [], aliasAttributes: [], autoVerifiedAttributes: [], mfa: 'OFF', smsMfa: true, caseSensitive: true,
    });
  });
});

describe('the validator against the synthesized pool\'s schema', () => {
  const header = csvHeaderOf(schema);
  const line = (user: Record<string, string>) => header.map((c) => user[c] ?? '').join(',');
  const good = { 'cognito:username': 'ana', 'email': 'ana@example.com', 'email_verified': 'TRUE', 'given_name': 'Ana', 'phone_number': '+15555550100', 'cognito:mfa_enabled': 'TRUE' };

  test('good users pass', () => {
    const text = [header.join(','), line(good), line({ ...good, 'cognito:username': 'bo', 'email': 'bo@example.com', 'custom:tenant_id': 't1', 'custom:seats': '3' })].join('\r\n');
    expect(validateUserImport(Buffer.from(text), schema, header)).toEqual({ users: 2, problems: [] });
  });

  test('bad rows: each rule of this pool, by line and column, without the values', () => {
    const text = [
      header.join(','),
      line({ ...good, 'given_name': '' }),
      line({ ...good, 'cognito:username': 'bo', 'cognito:mfa_enabled': 'FALSE' }),
      line({ ...good, 'cognito:username': 'cy', 'phone_number': '' }),
      line({ ...good, 'email': '', 'cognito:username': 'di' }),
      line({ ...good, 'cognito:username': 'ANA', 'custom:tenant_id': 'too-long-id', 'custom:seats': '0' }),
    ].join('\n');
    expect(validateUserImport(Buffer.from(text), schema, header).problems.map(formatProblem)).toEqual([
      'column given_name, line 2: empty, but the pool requires it',
      'column cognito:mfa_enabled, line 3: false, but the pool requires MFA: it must be true',
      'column phone_number, line 4: empty, but cognito:mfa_enabled is true and the pool sends MFA codes by SMS',
      'column email, line 5: empty, but email_verified is true',
      'column email, line 5: empty, but users sign in with their email address in this pool',
      'column cognito:username, line 6: the same user name as line 2 (user names ignore case in this pool)',
      "column custom:tenant_id, line 6: longer than the pool's maximum of 8 characters",
      "column custom:seats, line 6: below the pool's minimum of 1",
    ]);
  });
});
