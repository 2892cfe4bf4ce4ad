import { CfnElement, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../../private/compliance';

/**
 * Read, write, delete and list under one folder of a bucket, for a role an identity pool hands out: the folder ends
 * in a policy variable (the caller's identity id, or a principal tag), so each user reaches only their own. The grant
 * holds both statements.
 */
export function grantFolder(grantee: iam.IGrantable, bucket: s3.IBucket, folder: string): iam.Grant {
  // The object resource ends in a wildcard, but under a folder that a policy variable pins to the caller's own
  // identity or tenant: acknowledge exactly that finding of cdk-nag's AwsSolutions pack, for this resource only.
  const cfnBucket = bucket.node.defaultChild;
  const arnText = cfnBucket instanceof CfnElement ? `<${Stack.of(bucket).resolve(Stack.of(bucket).getLogicalId(cfnBucket))}.Arn>` : bucket.bucketArn;
  if (!Token.isUnresolved(arnText) && Construct.isConstruct(grantee.grantPrincipal)) {
    const shown = folder.replace(/\$\{([^}]+)\}/g, '<$1>');
    acknowledgeFinding(grantee.grantPrincipal, `AwsSolutions-IAM5[Resource::${arnText}/${shown}/*]`,
      'Each user reaches only objects under their own folder: the wildcard follows a policy variable for their identity or tenant.');
  }
  const objects = iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    resourceArns: [bucket.arnForObjects(`${folder}/*`)],
  });
  const listing = iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${folder}/*`] } },
  });
  return objects.combine(listing);
}
