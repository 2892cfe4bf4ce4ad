import { SecretValue } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityProvider, IdentityProviders } from '../../lib';
import { testStack, validatorOn } from '../support/helpers';

// These templates must pass AWS's CloudFormation validator (off by default in unit tests: test/support/setup-env.ts).
validatorOn();

describe('IdentityProviders, standalone', () => {
  test('creates the providers on any pool and finds them by name', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const idps = new IdentityProviders(stack, 'Idps', {
      userPool,
      providers: [IdentityProvider.amazon({ clientId: 'a', clientSecret: SecretValue.secretsManager('auth/amazon') })],
    });
    const client = userPool.addClient('Web', {
      oAuth: { callbackUrls: ['https://app.example.com/cb'] },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.AMAZON],
    });
    client.node.addDependency(idps.resource('LoginWithAmazon'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 1);
    expect(() => idps.resource('Google')).toThrow("identity provider 'Google': no such provider; the providers are: LoginWithAmazon");
  });
});
