/**
 * The ports that more than one handler takes: narrow functions that handler.ts calls and index.ts wires to the AWS
 * SDK (tests pass fakes). A port used by one handler only is declared beside it.
 */

/** Adds a user to a group (AdminAddUserToGroup); adding a member again is a no-op. */
export type AddUserToGroup = (userPoolId: string, userName: string, groupName: string) => Promise<void>;
