/**
 * Attempt ids become file and directory names (cloud queue, evidence): only letters, digits and
 * dashes, so no id can reach outside its directory. Challenge ids are UUIDs.
 */
export const FILE_SAFE_ATTEMPT_ID = /^[A-Za-z0-9-]{1,64}$/;
