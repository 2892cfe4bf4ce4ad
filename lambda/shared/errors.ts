/**
 * The handlers' typed errors. Their messages never carry the event, the config's raw value or personal data.
 */

/**
 * The handler's configuration is missing or malformed, or a port the config needs was not wired: a deployment fault,
 * not a user error. (Not lib/'s ConfigError, which refuses a prop at synth.)
 */
export class HandlerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerConfigError';
  }
}

/**
 * A trigger event without a part that Cognito always sends (the request, the user name, the pool id): names the
 * trigger and what was missing, never the event itself.
 */
export class MalformedEvent extends Error {
  /** @param trigger the trigger, as the message names it ("pre sign-up"); @param what what is missing or wrong */
  constructor(trigger: string, what: string) {
    super(`malformed ${trigger} event: ${what}`);
    this.name = 'MalformedEvent';
  }
}
