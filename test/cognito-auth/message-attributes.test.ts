import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SecretValue } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, MessageSource, type MessageTemplate } from '../../lib';
import { testStack } from '../support/helpers';

// A message to an address nobody has proven (sign-up, resent code, attribute update or verification) must not carry
// text its sender chose: an attribute such a template inserts is one no app client may write, like an attribute behind a
// claim (the same mechanism: protected attributes).

const SES = cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: 'eu-west-1' });
const template = (source: MessageSource, emailBody: string): MessageTemplate => ({ source, emailSubject: 'Code', emailBody });
const props = (templates: MessageTemplate[], writeAttributes?: cognito.ClientAttributes): CognitoAuthProps => ({
  email: SES,
  selfSignUp: true,
  customAttributes: { plan: new cognito.StringAttribute({ mutable: true }) },
  clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], writeAttributes }],
  triggers: { messages: { templates } },
});
const writesOf = (p: CognitoAuthProps): string[] => {
  const stack = testStack();
  new CognitoAuth(stack, 'Auth', p);
  return Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolClient'))[0].Properties.WriteAttributes;
};

test.each([MessageSource.SIGN_UP, MessageSource.RESEND_CODE, MessageSource.UPDATE_USER_ATTRIBUTE, MessageSource.VERIFY_USER_ATTRIBUTE])(
  'an attribute a %s template inserts leaves the default write attributes', (source) => {
    const writes = writesOf(props([template(MessageSource.FORGOT_PASSWORD, '{####}'), template(source, '<p>{given_name} {custom:plan} {####}</p>')]));
    expect(writes).not.toContain('given_name');
    expect(writes).not.toContain('custom:plan');
    expect(writes).toContain('family_name');
  });

test.each([MessageSource.FORGOT_PASSWORD, MessageSource.AUTHENTICATION, MessageSource.ADMIN_CREATE_USER])(
  'the %s template, sent to a verified address or one an administrator set, may insert a writable attribute', (source) => {
    const body = source === MessageSource.ADMIN_CREATE_USER ? '{given_name} {username} {####}' : '<p>{given_name} {####}</p>';
    const writes = writesOf(props([template(MessageSource.SIGN_UP, '{####}'), template(source, body)]));
    expect(writes).toContain('given_name');
  });

test('the destination itself stays writable: a sign-up code may show the address it is sent to', () => {
  expect(writesOf(props([template(MessageSource.SIGN_UP, '<p>{email} {phone_number} {####}</p>')]))).toEqual(
    expect.arrayContaining(['email', 'phone_number']));
});

test('a client that writes such an attribute is refused, naming what it feeds', () => {
  const writes = new cognito.ClientAttributes().withStandardAttributes({ email: true, givenName: true });
  expect(() => writesOf(props([template(MessageSource.SIGN_UP, '<p>Hello {given_name}, {####}</p>')], writes))).toThrow(
    "[Test/Auth/Client-web] clients['web'].writeAttributes has 'given_name', which feeds a sign-up, resent-code or attribute-verification message " +
    'template, which the pool sends to an address the user gave without proving it is theirs (so its text would reach anyone\'s inbox): a ' +
    'signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger');
});

test("the bundled senders' templates and templates read from files count too", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'message-attributes-'));
  try {
    const file = path.join(dir, 'signup.html');
    fs.writeFileSync(file, '<p>Hi {nickname}, {####}</p>');
    const p = props([{ source: MessageSource.SIGN_UP, emailSubject: 'Code', emailBodyFile: file }]);
    const sender: CognitoAuthProps = {
      selfSignUp: true,
      clients: p.clients,
      triggers: { emailSender: { fromAddress: 'no-reply@example.com', templates: [template(MessageSource.VERIFY_USER_ATTRIBUTE, '{website} {####}')] } },
    };
    expect(writesOf(p)).not.toContain('nickname');
    expect(writesOf(sender)).not.toContain('website');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a provider that maps such an attribute is refused too: Cognito writes it through the client, so its users could', () => {
  const google = IdentityProvider.google({
    clientId: 'g',
    clientSecret: SecretValue.secretsManager('google', { jsonField: 's' }),
    attributeMapping: { givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME },
  });
  const withGoogle = (body: string): CognitoAuthProps => ({
    ...props([template(MessageSource.SIGN_UP, body)]),
    domain: { prefix: 'message-attributes-test' },
    identityProviders: [google],
    clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] }],
  });
  expect(writesOf(withGoogle('<p>Your code: {####}</p>'))).toContain('given_name');
  expect(() => writesOf(withGoogle('<p>Hello {given_name}, {####}</p>'))).toThrow(
    "clients['web'] offers 'Google', which maps 'given_name', but 'given_name' feeds a sign-up, resent-code or attribute-verification message " +
    'template, which the pool sends to an address the user gave without proving it is theirs (so its text would reach anyone\'s inbox): ' +
    'Cognito writes mapped attributes through the client, so its users could write it too; drop the mapping, or stop using the attribute there',
  );
});
