/**
 * The stateful resource types the upgrade check watches: every one this library creates or may create (the user
 * pool and what hangs on it, the replica, the post confirmation trigger's profile table, the triggers' and the log
 * export's log groups), and the ones it is given and that usually sit in the same stack (a pool's KMS key and its
 * replica key, the log export's bucket or delivery stream, and the log stream such a stream logs to). Replacing or
 * removing one loses what it holds.
 *
 * This is the one list: the rules read it, and the tests hold the library to it (each stateful type a synthesized
 * app contains must be here).
 */

/** A stateful resource type: what the check calls it, and what replacing or deleting one loses. */
export interface StatefulResource {
  /** What a finding calls it ("the <name> is replaced"). */
  readonly name: string;
  /** What is lost with it ("..., and with it <loses>"). */
  readonly loses: string;
}

/** Each stateful resource type, by CloudFormation type. */
export const STATEFUL_RESOURCES: { readonly [type: string]: StatefulResource } = {
  'AWS::Cognito::UserPool': { name: 'user pool', loses: 'every user, with their passwords, MFA devices and passkeys' },
  'AWS::Cognito::UserPoolClient': { name: 'app client', loses: 'its client id (and secret), which every front end and back end holds' },
  'AWS::Cognito::UserPoolDomain': { name: 'domain', loses: 'the sign-in URLs while the domain is deleted and created again, and the passkeys bound ' +
    'to it' },
  'AWS::Cognito::IdentityPool': { name: 'identity pool', loses: 'every identity id, and whatever is keyed on one (per-user S3 folders, stored ' +
    'data)' },
  'AWS::Cognito::UserPoolGroup': { name: 'group', loses: "the group's members" },
  'AWS::Cognito::UserPoolIdentityProvider': {
    name: 'identity provider',
    loses: "its users' links: Cognito names a federated user <provider name>_<id>, so they sign in as new users, without their groups, attributes " +
      "or linked accounts",
  },
  'AWS::Cognito::UserPoolResourceServer': { name: 'resource server', loses: 'its scopes while it is deleted and created again (tokens carry them, ' +
    'APIs require them)' },
  'AWS::Cognito::UserPoolUser': { name: 'user', loses: 'the user, with their password and MFA devices' },
  'AWS::Cognito::UserPoolUserToGroupAttachment': { name: 'group membership', loses: 'the membership' },
  'AWS::Cognito::UserPoolReplica': {
    name: 'user pool replica',
    loses: 'sign-in in its region while it is deleted and created again; and the deploy fails, since CloudFormation creates the new replica first, ' +
      'Cognito keeps one, and deletes only an inactive one',
  },
  'AWS::DynamoDB::Table': { name: 'DynamoDB table', loses: 'every item in it' },
  'AWS::DynamoDB::GlobalTable': { name: 'DynamoDB global table', loses: 'every item in it, in every region' },
  'AWS::S3::Bucket': {
    name: 'S3 bucket',
    loses: 'every object in it (a bucket that still holds objects cannot be deleted: the delete fails and the bucket stays outside the stack)',
  },
  'AWS::KMS::Key': { name: 'KMS key', loses: "everything encrypted under it (a user pool's directory, log exports): once a deleted key's waiting " +
    "period ends, none of it can be decrypted" },
  'AWS::KMS::ReplicaKey': { name: 'KMS replica key', loses: "its region's copy of the multi-Region key, which the pool's replica there and " +
    "everything else encrypted in that region need to decrypt" },
  'AWS::Logs::LogGroup': { name: 'log group', loses: 'its log events (sign-in activity, delivery errors, trigger logs)' },
  'AWS::Logs::LogStream': { name: 'log stream', loses: 'its log events' },
  'AWS::KinesisFirehose::DeliveryStream': {
    name: 'Firehose delivery stream',
    loses: 'the records it holds but has not delivered yet, while senders (the pool\'s log export) point at a stream being deleted',
  },
  'AWS::Kinesis::Stream': { name: 'Kinesis data stream', loses: 'every record it holds, and every consumer\'s position in it' },
};

/** The stateful resource types, as a list. */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = Object.keys(STATEFUL_RESOURCES);

/** The deletion and update-replace policies that keep a resource (or a snapshot of it) when CloudFormation lets it go. */
export const KEEPING_POLICIES: readonly string[] = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];
