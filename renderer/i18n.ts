import type { GuidanceKey } from '../preload/contract';

/** Every string the visitor sees, by language. The engine sends keys; this turns them into words. */
const en = {
  'app.title': 'Check-in',
  'attract.heading': 'Welcome',
  'attract.body':
    'Show us you are here in person: look at the camera and follow the dot with your nose. It takes a few seconds.',
  'attract.privacy':
    'Your camera image is checked on this kiosk and is not stored beyond what staff have configured.',
  'attract.start': 'Start',
  'attract.hint': 'Touch the screen or press Enter',
  'face.look_at_camera': 'Look at the camera',
  'face.one_person_only': 'One person at a time, please',
  'area.center_face': 'Centre your face in the frame',
  'area.come_closer': 'Come a little closer',
  'area.step_back': 'Step back a little',
  'nose.move_to_target': 'Turn your head to touch the yellow target with your nose',
  'nose.hold_still': 'Well done. Hold still: the next target is coming',
  'result.success': 'Thank you, you are checked in',
  'result.fail': 'That did not work',
  'result.again': 'Try again',
  'result.done': 'Done',
  'result.verifying': 'One moment, confirming your check…',
  'challenge.cancel': 'Cancel',
  'error.camera_missing': 'No camera found',
  'error.camera_busy': 'The camera is in use by another program',
  'error.camera_denied': 'The camera is not allowed',
  'error.inference': 'Face analysis is not available',
  'error.locked': 'This kiosk is paused. Please ask a member of staff.',
  'error.retrying': 'Retrying automatically…',
  'error.retry': 'Retry now',
  'reason.face_timeout': 'No face was seen. Stand in front of the camera and try again.',
  'reason.area_timeout': 'Your face did not fit the frame in time. Try again, a little closer.',
  'reason.nose_timeout': 'The target was not reached in time. Turn your head toward the yellow square.',
  'reason.multiple_faces': 'More than one face was seen. Please take the check one at a time.',
  'reason.face_lost': 'Your face went out of view. Stay in front of the camera.',
  'reason.left_area': 'Your face left the frame. Turn your head rather than moving sideways.',
  'reason.cancelled': 'The check was cancelled.',
  'reason.head_rotated': 'We could not see your head turn. Turn it toward the target instead of sliding.',
  'reason.nose_path_smooth': 'The movement was not smooth. Move your head steadily toward the target.',
  'reason.walk_up_distance': 'Stand about an arm’s length from the camera and try again.',
  'reason.cloud_unavailable': 'The check could not be completed just now. Please ask a member of staff.',
  'reason.abandoned': 'A new check was started before this one finished.',
  'reason.expired': 'The time for this check ran out. Please try again.',
  // depth_parallax and same_face deliberately fall back to reason.other: telling an attacker which
  // spoof check caught them helps the next attempt; staff see the full reasons.
  'reason.other': 'We could not confirm a live person. Please try again.',
} as const;

export type StringKey = keyof typeof en;

const de: Record<StringKey, string> = {
  'app.title': 'Check-in',
  'attract.heading': 'Willkommen',
  'attract.body':
    'Zeigen Sie, dass Sie persönlich hier sind: Schauen Sie in die Kamera und folgen Sie dem Punkt mit der Nase. Es dauert nur Sekunden.',
  'attract.privacy':
    'Ihr Kamerabild wird an diesem Terminal geprüft und nur so lange gespeichert, wie es das Personal eingestellt hat.',
  'attract.start': 'Starten',
  'attract.hint': 'Bildschirm berühren oder Enter drücken',
  'face.look_at_camera': 'Bitte in die Kamera schauen',
  'face.one_person_only': 'Bitte nur eine Person',
  'area.center_face': 'Gesicht im Rahmen zentrieren',
  'area.come_closer': 'Etwas näher kommen',
  'area.step_back': 'Etwas zurücktreten',
  'nose.move_to_target': 'Kopf drehen, bis die Nase das gelbe Ziel berührt',
  'nose.hold_still': 'Gut so. Kurz stillhalten: das nächste Ziel kommt',
  'result.success': 'Danke, Sie sind eingecheckt',
  'result.fail': 'Das hat nicht geklappt',
  'result.again': 'Nochmal versuchen',
  'result.done': 'Fertig',
  'result.verifying': 'Einen Moment, die Prüfung wird bestätigt…',
  'challenge.cancel': 'Abbrechen',
  'error.camera_missing': 'Keine Kamera gefunden',
  'error.camera_busy': 'Die Kamera wird von einem anderen Programm benutzt',
  'error.camera_denied': 'Die Kamera ist nicht erlaubt',
  'error.inference': 'Die Gesichtsanalyse ist nicht verfügbar',
  'error.locked': 'Dieses Terminal ist pausiert. Bitte wenden Sie sich an das Personal.',
  'error.retrying': 'Neuer Versuch läuft automatisch…',
  'error.retry': 'Jetzt erneut versuchen',
  'reason.face_timeout': 'Es wurde kein Gesicht erkannt. Bitte vor die Kamera treten.',
  'reason.area_timeout': 'Das Gesicht war nicht rechtzeitig im Rahmen. Bitte etwas näher kommen.',
  'reason.nose_timeout': 'Das Ziel wurde nicht rechtzeitig erreicht. Kopf zum gelben Quadrat drehen.',
  'reason.multiple_faces': 'Mehr als ein Gesicht erkannt. Bitte einzeln prüfen lassen.',
  'reason.face_lost': 'Das Gesicht war nicht mehr zu sehen. Bitte vor der Kamera bleiben.',
  'reason.left_area': 'Das Gesicht hat den Rahmen verlassen. Kopf drehen statt seitlich bewegen.',
  'reason.cancelled': 'Die Prüfung wurde abgebrochen.',
  'reason.head_rotated': 'Keine Kopfdrehung erkannt. Kopf zum Ziel drehen statt schieben.',
  'reason.nose_path_smooth': 'Die Bewegung war unruhig. Kopf gleichmäßig zum Ziel bewegen.',
  'reason.walk_up_distance': 'Bitte etwa eine Armlänge vor der Kamera stehen und erneut versuchen.',
  'reason.cloud_unavailable':
    'Die Prüfung konnte gerade nicht abgeschlossen werden. Bitte wenden Sie sich an das Personal.',
  'reason.abandoned': 'Eine neue Prüfung wurde begonnen, bevor diese abgeschlossen war.',
  'reason.expired': 'Die Zeit für diese Prüfung ist abgelaufen. Bitte erneut versuchen.',
  'reason.other': 'Eine lebende Person konnte nicht bestätigt werden. Bitte erneut versuchen.',
};

export const CATALOGUES: Record<string, Record<StringKey, string>> = { en, de };

export type Translate = (key: StringKey | GuidanceKey) => string;

/** The countdown, in each language's plural forms (Intl.PluralRules) and number format. */
const SECONDS_LEFT: Record<string, { readonly one?: string; readonly other: string }> = {
  en: { one: '{n} second left', other: '{n} seconds left' },
  de: { one: 'Noch {n} Sekunde', other: 'Noch {n} Sekunden' },
};

export function secondsLeft(language: string, seconds: number): string {
  const lang = language in SECONDS_LEFT ? language : 'en';
  const forms = SECONDS_LEFT[lang]!;
  const form = new Intl.PluralRules(lang).select(seconds) === 'one' ? forms.one : undefined;
  return (form ?? forms.other).replace('{n}', new Intl.NumberFormat(lang).format(seconds));
}

export function translator(language: string): Translate {
  const table = CATALOGUES[language] ?? en;
  return (key) => table[key as StringKey] ?? en[key as StringKey] ?? key;
}

/** The reason shown to a visitor for a failed verdict: the stop cause, else the first failed check. */
export function failureKey(failure: string | null, failedChecks: readonly string[]): StringKey {
  const candidate = failure
    ? `reason.${failure}`
    : failedChecks.map((c) => `reason.${c}`).find((k) => k in en);
  return candidate && candidate in en ? (candidate as StringKey) : 'reason.other';
}
