import { snsClient } from '../shared/aws-sdk';
import { kmsDecrypter } from '../shared/code-decrypter';
import { createLogger } from '../shared/log';
import { createHandler, parseSmsSenderConfig, type SendSms } from './handler';

// Wired once, at cold start: the config parsed and checked. The Encryption SDK (with the KMS client) and the SNS
// client are loaded by the first message, not at cold start.
const config = parseSmsSenderConfig(process.env);

const sendSms: SendSms = async (sms) => {
  const { sdk, client } = snsClient();
  await client.send(new sdk.PublishCommand({
    PhoneNumber: sms.phoneNumber,
    Message: sms.text,
    MessageAttributes: {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: sms.smsType },
      ...(sms.senderId !== undefined ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: sms.senderId } } : {}),
    },
  }));
};

export const handler = createHandler({ config, log: createLogger(), decrypt: kmsDecrypter(config.keyArn), sendSms });
