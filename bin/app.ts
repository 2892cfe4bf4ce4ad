#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import { ExampleStack, Stage } from './example-stack';

/**
 * The example app. Every setting comes from CDK context with an offline default, so `npx cdk synth` needs no
 * AWS account and no flags. Context (cdk.json or `-c key=value`):
 *   stage         dev | prod | all (default all: both stacks)
 *   domainPrefix  Cognito domain prefix; the stage is appended (default example-auth-demo)
 *   callbackUrls  comma-separated web callback URLs (default: localhost for dev, https://app.example.com for prod)
 *   logoutUrls    comma-separated web sign-out URLs (same defaults)
 *   nag           run cdk-nag's AwsSolutions checks at synth (default true)
 */
const app = new App();

function list(key: string): string[] | undefined {
  const value = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : String(value).split(',').map((s) => s.trim()).filter(Boolean);
}

const requested = String(app.node.tryGetContext('stage') ?? 'all');
const stages: Stage[] = requested === 'all' ? ['dev', 'prod'] : [requested as Stage];
for (const stage of stages) {
  if (stage !== 'dev' && stage !== 'prod') {
    throw new Error(`context 'stage' '${stage}' is invalid: use dev, prod or all`);
  }
  const appUrl = stage === 'dev' ? 'http://localhost:3000' : 'https://app.example.com';
  new ExampleStack(app, `CognitoAuthExample-${stage}`, {
    stage,
    domainPrefix: `${app.node.tryGetContext('domainPrefix') ?? 'example-auth-demo'}-${stage}`,
    callbackUrls: list('callbackUrls') ?? [`${appUrl}/callback`],
    logoutUrls: list('logoutUrls') ?? [`${appUrl}/`],
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}

if (app.node.tryGetContext('nag') !== false && app.node.tryGetContext('nag') !== 'false') {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
