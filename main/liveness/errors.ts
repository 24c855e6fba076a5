/**
 * Every way the engine can refuse its input. The engine returns these as values (or a failed
 * verdict) rather than throwing, so a bad frame can never take the kiosk down.
 */
export type LivenessErrorCode =
  | 'invalid_observation'
  | 'out_of_order_timestamp'
  | 'session_finished'
  | 'invalid_config'
  | 'invalid_frame_size'
  | 'invalid_input'
  | 'challenge_unknown'
  | 'challenge_expired'
  | 'challenge_used';

export class LivenessError extends Error {
  override readonly name = 'LivenessError';
  constructor(
    readonly code: LivenessErrorCode,
    message: string,
    /** Where in the input the problem is, e.g. `faces[0].landmarks`. */
    readonly path?: string,
  ) {
    super(message);
  }

  toJSON(): { code: LivenessErrorCode; message: string; path?: string } {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LivenessError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(error: LivenessError): Result<T> => ({ ok: false, error });

/** Turns zod's issue list into one readable sentence with the path of the first problem. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): {
  path: string;
  message: string;
} {
  const first = issues[0];
  if (!first) return { path: '', message: 'invalid input' };
  const path = first.path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return { path, message: `${path || 'input'}: ${first.message}${more}` };
}
