import { CfnOutput } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { AppClient } from '../../app-client/app-client';
import { HostedDomain } from '../../hosted-domain';
import { issuerUrl, jwksUrl } from '../../private/issuer';

/** Stack outputs for the user pool: id, ARN, issuer and JWKS URLs. */
export function outputUserPool(scope: Construct, userPool: cognito.IUserPool): void {
  new CfnOutput(scope, 'UserPoolId', { value: userPool.userPoolId, description: 'User pool id' });
  new CfnOutput(scope, 'UserPoolArn', { value: userPool.userPoolArn, description: 'User pool ARN' });
  new CfnOutput(scope, 'IssuerUrl', { value: issuerUrl(userPool), description: 'Token issuer (iss claim)' });
  new CfnOutput(scope, 'JwksUrl', { value: jwksUrl(userPool), description: 'JSON Web Key Set of the token signing keys' });
}

/** Stack outputs for the hosted domain: its name and base URL. */
export function outputDomain(scope: Construct, domain: HostedDomain): void {
  new CfnOutput(scope, 'DomainName', { value: domain.userPoolDomain.domainName, description: 'Hosted sign-in domain' });
  new CfnOutput(scope, 'DomainUrl', { value: domain.baseUrl, description: 'Hosted sign-in base URL' });
}

/** Stack outputs for one client: its id and, when it uses the hosted pages, its sign-in URL. */
export function outputClient(scope: Construct, id: string, client: AppClient, domain?: HostedDomain): void {
  new CfnOutput(scope, `${id}ClientId`, { value: client.clientId, description: `App client id of '${client.name}'` });
  if (domain && client.callbackUrls.length > 0) {
    new CfnOutput(scope, `${id}SignInUrl`, {
      value: domain.signInUrl(client.userPoolClient, client.callbackUrls[0]),
      description: `Hosted sign-in URL of '${client.name}'`,
    });
  }
}

/**
 * Stack outputs for setting up identity providers: the redirect URI for social and OIDC providers, and for SAML
 * the assertion consumer service URL and the entity id (audience) of the pool.
 */
export function outputFederation(scope: Construct, userPool: cognito.IUserPool, domain: HostedDomain, saml: boolean): void {
  new CfnOutput(scope, 'IdpRedirectUrl', {
    value: `${domain.baseUrl}/oauth2/idpresponse`,
    description: 'Redirect URI to register with Google, Facebook, Apple, Amazon and OIDC providers',
  });
  if (saml) {
    new CfnOutput(scope, 'SamlAcsUrl', {
      value: `${domain.baseUrl}/saml2/idpresponse`,
      description: 'Assertion consumer service (ACS) URL to register with SAML providers',
    });
    new CfnOutput(scope, 'SamlEntityId', {
      value: `urn:amazon:cognito:sp:${userPool.userPoolId}`,
      description: 'Entity id (audience) of the user pool for SAML providers',
    });
  }
}
