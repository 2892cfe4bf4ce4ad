import { sesClient } from '../shared/aws-sdk';
import { kmsDecrypter } from '../shared/code-decrypter';
import { createLogger } from '../shared/log';
import { createHandler, parseEmailSenderConfig, type SendEmail } from './handler';

// Wired once, at cold start: the config parsed and checked. The Encryption SDK (with the KMS client) and the SES
// client are loaded by the first message, not at cold start.
const config = parseEmailSenderConfig(process.env);

const sendEmail: SendEmail = async (email) => {
  const { sdk, client } = sesClient();
  await client.send(new sdk.SendEmailCommand({
    FromEmailAddress: email.from,
    Destination: { ToAddresses: [email.to] },
    Content: { Simple: { Subject: { Data: email.subject, Charset: 'UTF-8' }, Body: { Html: { Data: email.html, Charset: 'UTF-8' } } } },
    ...(email.configurationSet !== undefined ? { ConfigurationSetName: email.configurationSet } : {}),
  }));
};

export const handler = createHandler({ config, log: createLogger(), decrypt: kmsDecrypter(config.keyArn), sendEmail });
