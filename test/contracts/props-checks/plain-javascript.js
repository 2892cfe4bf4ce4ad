// Plain JavaScript, the way a user without TypeScript writes it: no compiler checks the props, so the library must.
// Loads the built package entry (dist/index.js, built by npm run build), or the sources through ts-node when there is
// no build, makes each mistake once and prints the error messages as JSON (null where nothing was thrown).
'use strict';
const fs = require('fs');
const path = require('path');
const { App, Stack } = require('aws-cdk-lib');

const root = path.join(__dirname, '..', '..', '..');
const built = path.join(root, 'dist', 'index.js');
let lib;
if (fs.existsSync(built)) {
  lib = require(built);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  lib = require(path.join(root, 'lib'));
}
const { CognitoAuth, RoleMapping } = lib;

function messageOf(props) {
  try {
    new CognitoAuth(new Stack(new App(), 'Js'), 'Auth', props);
    return null;
  } catch (err) {
    return err.message;
  }
}

const messages = {
  kind: messageOf({ clients: [{ name: 'web', kind: 'WEB' }] }),
  selfSignup: messageOf({ selfSignup: true }),
  callbackURLs: messageOf({ clients: [{ name: 'web', kind: 'PUBLIC_WEB', callbackURLs: ['https://app.example.com/cb'] }] }),
  roleMapping: messageOf({ identityPool: { roleMapping: { kind: 'GROUPS' } } }),
  valid: messageOf({
    selfSignUp: true,
    clients: [{ name: 'web', kind: 'PUBLIC_WEB', callbackUrls: ['https://app.example.com/cb'] }],
    identityPool: { roleMapping: RoleMapping.fromGroups() },
  }),
};
process.stdout.write(JSON.stringify(messages));
