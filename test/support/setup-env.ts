/**
 * Runs before each test file. AWS's CloudFormation validator (which aws-cdk-lib runs at synth) costs about 7 s for
 * the first synth of each test module; unit tests of one construct do not need it, so it is off by default here
 * (`CDK_VALIDATION=false`, read by aws-cdk-lib at synth). The modules that prove the templates against it (the
 * example app, the identity providers, the two-stack layout, the service limits, the logical-id inventory) turn it
 * back on with `validatorOn()` from ./helpers. The service rules of ./service-rules.ts run in every synth either
 * way.
 */
process.env.CDK_VALIDATION = 'false';
