import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';

/** Keys that already carry the statement (both senders share the pool's one key). */
const covered = new WeakSet<kms.IKey>();

/**
 * The key policy statement for the custom sender key, after the developer guide's "Custom sender Lambda triggers"
 * page: the Cognito service principal may encrypt with it (kms:Encrypt), for user pools of this account only
 * (aws:SourceAccount) and of this region (aws:SourceArn). Not yet compared with the page's own key-policy example nor
 * proven by a deploy: test/integ/integ.email-sender.ts proves it in an account. The ARN names every pool of the
 * account in the region, not this pool: the pool names the key (LambdaConfig.KMSKeyID), so a key policy naming the
 * pool would make a dependency cycle.
 */
export function customSenderKeyStatement(scope: IConstruct): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'CognitoCustomSenderEncrypt',
    principals: [new iam.ServicePrincipal('cognito-idp.amazonaws.com')],
    actions: ['kms:Encrypt'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn':
          stack.formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      },
    },
  });
}

/**
 * Lets Cognito encrypt the senders' codes with `key`: a key of this app gets the statement (once); an imported key
 * gets a warning that says what its policy must allow.
 */
export function allowCognitoToEncrypt(scope: IConstruct, key: kms.IKey): void {
  if (covered.has(key)) return;
  covered.add(key);
  if (key instanceof kms.Key) {
    key.addToResourcePolicy(customSenderKeyStatement(key));
    return;
  }
  Annotations.of(scope).addWarningV2(
    'cdk-cognito-auth:customSenderKeyPolicy',
    `the custom sender key '${key.node.path}' is not a key of this app, so its policy cannot be checked: it must allow the service principal ` +
      'cognito-idp.amazonaws.com kms:Encrypt, with aws:SourceAccount this account and aws:SourceArn this region\'s user pools. Acknowledge ' +
      'this warning once it does.',
  );
}
