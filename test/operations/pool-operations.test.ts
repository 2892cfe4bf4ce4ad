import { validatorOn } from '../support/helpers';
import { synth, WEB } from './fixtures';

// Every template here must pass AWS's CloudFormation validator.
validatorOn();

test('no production part is created unless asked for', () => {
  const { template } = synth({ clients: [WEB], triggers: { preSignUp: {} } });
  for (const type of ['AWS::Cognito::LogDeliveryConfiguration', 'AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SNS::Topic', 'AWS::Logs::ResourcePolicy']) {
    template.resourceCountIs(type, 0);
  }
});
