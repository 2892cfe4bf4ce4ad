import * as logs from 'aws-cdk-lib/aws-logs';

/** Settings every bundled trigger function takes. */
export interface TriggerFunctionOptions {
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}
