// The production parts, deployed on a Plus pool: user activity logs (the log delivery configuration Cognito holds),
// the web ACL associated with a pool created in the same deploy (and what WAF does with a sign-in request: a plain one
// reaches Cognito, one carrying a known exploit pattern is blocked), and the alarms with their topic.
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AuthEventsDestination, ClientKind, CognitoAuth } from '../../lib';
import { DestroyEverything } from './support';

const app = new App();
const stack = new Stack(app, 'cognito-auth-integ-production');
const auth = new CognitoAuth(stack, 'Auth', {
  featurePlan: cognito.FeaturePlan.PLUS,
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'], authFlows: { userPassword: true } }],
  userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() },
  firewall: {},
  monitoring: { createAlarmTopic: true },
});
Aspects.of(stack).add(new DestroyEverything());

const integ = new IntegTest(app, 'Production', { testCases: [stack], stackUpdateWorkflow: true });
const a = integ.assertions;
const userPoolId = auth.userPool.userPoolId;

// Log delivery: message-delivery errors and user auth events, both to CloudWatch Logs.
a.awsApiCall('CognitoIdentityProvider', 'getLogDeliveryConfiguration', { UserPoolId: userPoolId })
  .expect(ExpectedResult.objectLike({
    LogDeliveryConfiguration: {
      UserPoolId: userPoolId,
      LogConfigurations: Match.arrayWith([
        Match.objectLike({ EventSource: 'userNotification', LogLevel: 'ERROR' }),
        Match.objectLike({ EventSource: 'userAuthEvents', LogLevel: 'INFO' }),
      ]),
    },
  }));

// The web ACL is associated with the pool.
// (only the ARN leaves the custom resource: the whole web ACL would come near CloudFormation's 4,096 bytes for an answer)
a.awsApiCall('WAFV2', 'getWebACLForResource', { ResourceArn: auth.userPool.userPoolArn })
  .assertAtPath('WebACL.ARN', ExpectedResult.stringLikeRegexp(auth.webAcl!.webAclArn));

// What WAF does with sign-in requests to the pool's API: a plain InitiateAuth reaches Cognito (which refuses the
// unknown user), one whose User-Agent carries a Log4j lookup is blocked by AWS's known-bad-inputs rule group.
const endpoint = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/`;
const initiateAuth = (userAgent: string) => a.httpApiCall(endpoint, {
  method: 'POST',
  headers: {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    'User-Agent': userAgent,
  },
  body: JSON.stringify({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: auth.client('integ').clientId,
    AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'not-the-password' },
  }),
});
initiateAuth('cdk-cognito-auth-integ').expect(ExpectedResult.objectLike({ status: 400, body: { __type: Match.stringLikeRegexp('NotAuthorizedException') } }));
initiateAuth('${jndi:ldap://example.com/a}').expect(ExpectedResult.objectLike({ status: 403 }));

// The alarms exist (the four throttle alarms and the risk alarm of a Plus pool), each notifying the topic.
const monitoring = auth.monitoring!;
for (const alarm of monitoring.alarms) {
  a.awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [alarm.alarmName] })
    .expect(ExpectedResult.objectLike({
      MetricAlarms: [Match.objectLike({ AlarmName: alarm.alarmName, AlarmActions: [monitoring.alarmTopic!.topicArn] })],
    }));
}
