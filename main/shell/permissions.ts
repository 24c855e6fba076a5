import type { Session } from 'electron';
import { APP_ORIGIN, isAppPage } from './app-protocol';

/*
 * The camera is the only permission, only video, and only for the kiosk's own page: a navigated or
 * injected frame, a microphone request, notifications, geolocation, USB, serial... are all refused.
 */

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** A media request for video alone (mediaTypes absent or exactly ['video']). */
function isVideoOnly(details: unknown): boolean {
  const types = (details as { mediaTypes?: unknown } | null)?.mediaTypes;
  return types === undefined || (Array.isArray(types) && types.every((t) => t === 'video'));
}

export function grantCameraOnlyToKiosk(session: PermissionSession): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents?.getURL() || '';
    callback(permission === 'media' && isAppPage(url) && isVideoOnly(details));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, origin, details) =>
      permission === 'media' &&
      origin === APP_ORIGIN &&
      (details as { mediaType?: string }).mediaType !== 'audio',
  );
}
