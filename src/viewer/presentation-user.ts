/** This browser's own setting for the reader's name, when the gateway's configuration names nobody. */
export const USER_NAME_STORAGE_KEY = 'readroom.userName';

function storedName(): string | undefined {
  try {
    return localStorage.getItem(USER_NAME_STORAGE_KEY)?.trim();
  } catch {
    // Storage can be disabled; the configured name still applies.
    return undefined;
  }
}

/**
 * The Content Creator's Name of saved presentation states: this browser's setting, else the `user` of
 * /app-config.json (READROOM_USER on the gateway), else a neutral name. There is no sign-in yet.
 */
export function creatorName(configured: string | undefined): string {
  return storedName() || configured?.trim() || 'Readroom reader';
}
