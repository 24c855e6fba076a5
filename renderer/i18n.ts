import type { GuidanceKey } from '../preload/contract';

/** Every string the visitor sees, by language. The engine sends keys; this turns them into words. */
const en = {
  'app.title': 'Check-in',
  'attract.heading': 'Welcome',
  'attract.body':
    'Show us you are here in person: look at the camera and touch the round target (a ring with a dot) with the tip of your nose. It takes a few seconds.',
  'attract.privacy':
    'Your camera image is checked on this kiosk and is not stored beyond what staff have configured.',
  'attract.start': 'Start',
  'attract.hint': 'Touch the screen or press Enter',
  'face.look_at_camera': 'Look at the camera',
  'face.one_person_only': 'One person at a time, please',
  'area.center_face': 'Centre your face in the frame',
  'area.come_closer': 'Come a little closer',
  'area.step_back': 'Step back a little',
  'nose.move_to_target': 'Turn your head to touch the round target with your nose',
  'nose.keep_in_frame': 'Keep your face in the frame: turn your head rather than moving',
  'nose.hold_still': 'Well done. Hold still: the next target is coming',
  'result.success': 'Thank you, you are checked in',
  'result.fail': 'That did not work',
  'result.again': 'Try again',
  'result.done': 'Done',
  'result.verifying': 'One moment, confirming your check…',
  'challenge.cancel': 'Cancel',
  'challenge.progress': 'Progress',
  'challenge.time_left': 'Time left',
  'challenge.light_note': 'The screen changes colour while you do this: that is part of the check.',
  'error.camera_missing': 'No camera found',
  'error.camera_busy': 'The camera is in use by another program',
  'error.camera_denied': 'The camera is not allowed',
  'error.inference': 'Face analysis is not available',
  'error.locked': 'This kiosk is paused. Please ask a member of staff.',
  'error.retrying': 'Retrying automatically…',
  'error.retry': 'Retry now',
  'help.ask': 'Ask staff for help',
  'help.offer':
    'Cannot turn your head, or cannot see the screen well? A member of staff can check you in instead.',
  'help.waiting': 'A member of staff has been asked to come. Please wait here.',
  'help.withdraw': 'I no longer need help',
  'help.checked_in': 'A member of staff has checked you in. Thank you.',
  'help.not_checked_in': 'Staff have finished helping you.',
  'help.unavailable': 'Staff could not be called from this kiosk. Please find a member of staff.',
  'reason.face_timeout': 'No face was seen. Stand in front of the camera and try again.',
  'reason.area_timeout': 'Your face did not fit the frame in time. Try again, a little closer.',
  'reason.nose_timeout': 'The target was not reached in time. Turn your head toward the round target.',
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
    'Zeigen Sie, dass Sie persönlich hier sind: Schauen Sie in die Kamera und berühren Sie mit der Nasenspitze das runde Ziel (ein Ring mit Punkt). Es dauert nur Sekunden.',
  'attract.privacy':
    'Ihr Kamerabild wird an diesem Terminal geprüft und nur so lange gespeichert, wie es das Personal eingestellt hat.',
  'attract.start': 'Starten',
  'attract.hint': 'Bildschirm berühren oder Enter drücken',
  'face.look_at_camera': 'Bitte in die Kamera schauen',
  'face.one_person_only': 'Bitte nur eine Person',
  'area.center_face': 'Gesicht im Rahmen zentrieren',
  'area.come_closer': 'Etwas näher kommen',
  'area.step_back': 'Etwas zurücktreten',
  'nose.move_to_target': 'Kopf drehen, bis die Nase das runde Ziel berührt',
  'nose.keep_in_frame': 'Gesicht im Rahmen halten: den Kopf drehen statt sich zu bewegen',
  'nose.hold_still': 'Gut so. Kurz stillhalten: das nächste Ziel kommt',
  'result.success': 'Danke, Sie sind eingecheckt',
  'result.fail': 'Das hat nicht geklappt',
  'result.again': 'Nochmal versuchen',
  'result.done': 'Fertig',
  'result.verifying': 'Einen Moment, die Prüfung wird bestätigt…',
  'challenge.cancel': 'Abbrechen',
  'challenge.progress': 'Fortschritt',
  'challenge.time_left': 'Verbleibende Zeit',
  'challenge.light_note': 'Der Bildschirm wechselt dabei die Farbe: das gehört zur Prüfung.',
  'error.camera_missing': 'Keine Kamera gefunden',
  'error.camera_busy': 'Die Kamera wird von einem anderen Programm benutzt',
  'error.camera_denied': 'Die Kamera ist nicht erlaubt',
  'error.inference': 'Die Gesichtsanalyse ist nicht verfügbar',
  'error.locked': 'Dieses Terminal ist pausiert. Bitte wenden Sie sich an das Personal.',
  'error.retrying': 'Neuer Versuch läuft automatisch…',
  'error.retry': 'Jetzt erneut versuchen',
  'help.ask': 'Personal um Hilfe bitten',
  'help.offer':
    'Sie können den Kopf nicht drehen oder den Bildschirm schlecht sehen? Das Personal kann Sie stattdessen einchecken.',
  'help.waiting': 'Das Personal wurde gerufen. Bitte warten Sie hier.',
  'help.withdraw': 'Ich brauche keine Hilfe mehr',
  'help.checked_in': 'Das Personal hat Sie eingecheckt. Vielen Dank.',
  'help.not_checked_in': 'Das Personal hat Ihnen weitergeholfen.',
  'help.unavailable':
    'Das Personal konnte von diesem Terminal aus nicht gerufen werden. Bitte wenden Sie sich an das Personal.',
  'reason.face_timeout': 'Es wurde kein Gesicht erkannt. Bitte vor die Kamera treten.',
  'reason.area_timeout': 'Das Gesicht war nicht rechtzeitig im Rahmen. Bitte etwas näher kommen.',
  'reason.nose_timeout': 'Das Ziel wurde nicht rechtzeitig erreicht. Kopf zum runden Ziel drehen.',
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

const fr: Record<StringKey, string> = {
  'app.title': 'Enregistrement',
  'attract.heading': 'Bienvenue',
  'attract.body':
    'Montrez que vous êtes bien là en personne : regardez la caméra et touchez la cible ronde (un anneau avec un point) avec le bout du nez. Cela ne prend que quelques secondes.',
  'attract.privacy':
    'L’image de votre caméra est vérifiée sur cette borne et n’est conservée que dans la mesure fixée par le personnel.',
  'attract.start': 'Commencer',
  'attract.hint': 'Touchez l’écran ou appuyez sur Entrée',
  'face.look_at_camera': 'Regardez la caméra',
  'face.one_person_only': 'Une seule personne à la fois, s’il vous plaît',
  'area.center_face': 'Placez votre visage au centre du cadre',
  'area.come_closer': 'Approchez-vous un peu',
  'area.step_back': 'Reculez un peu',
  'nose.move_to_target': 'Tournez la tête pour toucher la cible ronde avec le nez',
  'nose.keep_in_frame': 'Gardez le visage dans le cadre : tournez la tête plutôt que de vous déplacer',
  'nose.hold_still': 'Très bien. Ne bougez plus : la cible suivante arrive',
  'result.success': 'Merci, vous êtes enregistré',
  'result.fail': 'Cela n’a pas fonctionné',
  'result.again': 'Réessayer',
  'result.done': 'Terminé',
  'result.verifying': 'Un instant, nous confirmons votre vérification…',
  'challenge.cancel': 'Annuler',
  'challenge.progress': 'Progression',
  'challenge.time_left': 'Temps restant',
  'challenge.light_note': 'L’écran change de couleur pendant ce temps : cela fait partie du contrôle.',
  'error.camera_missing': 'Aucune caméra trouvée',
  'error.camera_busy': 'La caméra est utilisée par un autre programme',
  'error.camera_denied': 'La caméra n’est pas autorisée',
  'error.inference': 'L’analyse du visage n’est pas disponible',
  'error.locked': 'Cette borne est en pause. Veuillez vous adresser au personnel.',
  'error.retrying': 'Nouvel essai automatique…',
  'error.retry': 'Réessayer maintenant',
  'help.ask': 'Demander de l’aide au personnel',
  'help.offer':
    'Vous ne pouvez pas tourner la tête ou vous voyez mal l’écran ? Un membre du personnel peut vous enregistrer.',
  'help.waiting': 'Un membre du personnel a été appelé. Merci de patienter ici.',
  'help.withdraw': 'Je n’ai plus besoin d’aide',
  'help.checked_in': 'Un membre du personnel vous a enregistré. Merci.',
  'help.not_checked_in': 'Le personnel a terminé de vous aider.',
  'help.unavailable':
    'Le personnel n’a pas pu être appelé depuis cette borne. Veuillez vous adresser à un membre du personnel.',
  'reason.face_timeout': 'Aucun visage n’a été vu. Placez-vous devant la caméra et réessayez.',
  'reason.area_timeout': 'Votre visage n’est pas entré dans le cadre à temps. Réessayez, un peu plus près.',
  'reason.nose_timeout': 'La cible n’a pas été atteinte à temps. Tournez la tête vers la cible ronde.',
  'reason.multiple_faces': 'Plus d’un visage a été vu. Passez la vérification un par un, s’il vous plaît.',
  'reason.face_lost': 'Votre visage est sorti du champ. Restez devant la caméra.',
  'reason.left_area':
    'Votre visage a quitté le cadre. Tournez la tête plutôt que de vous déplacer sur le côté.',
  'reason.cancelled': 'La vérification a été annulée.',
  'reason.head_rotated':
    'Nous n’avons pas vu votre tête tourner. Tournez-la vers la cible au lieu de la glisser.',
  'reason.nose_path_smooth':
    'Le mouvement n’était pas régulier. Tournez la tête de façon continue vers la cible.',
  'reason.walk_up_distance': 'Tenez-vous à environ une longueur de bras de la caméra et réessayez.',
  'reason.cloud_unavailable':
    'La vérification n’a pas pu être terminée pour le moment. Veuillez vous adresser au personnel.',
  'reason.abandoned': 'Une nouvelle vérification a commencé avant la fin de celle-ci.',
  'reason.expired': 'Le temps prévu pour cette vérification est écoulé. Veuillez réessayer.',
  'reason.other': 'Nous n’avons pas pu confirmer la présence d’une personne. Veuillez réessayer.',
};

const es: Record<StringKey, string> = {
  'app.title': 'Registro',
  'attract.heading': 'Bienvenido',
  'attract.body':
    'Demuestre que está aquí en persona: mire a la cámara y toque el objetivo redondo (un anillo con un punto) con la punta de la nariz. Solo lleva unos segundos.',
  'attract.privacy':
    'La imagen de su cámara se comprueba en este terminal y solo se guarda en la medida que haya configurado el personal.',
  'attract.start': 'Empezar',
  'attract.hint': 'Toque la pantalla o pulse Intro',
  'face.look_at_camera': 'Mire a la cámara',
  'face.one_person_only': 'Una persona cada vez, por favor',
  'area.center_face': 'Centre la cara en el marco',
  'area.come_closer': 'Acérquese un poco',
  'area.step_back': 'Retroceda un poco',
  'nose.move_to_target': 'Gire la cabeza hasta tocar el objetivo redondo con la nariz',
  'nose.keep_in_frame': 'Mantenga la cara en el marco: gire la cabeza en lugar de moverse',
  'nose.hold_still': 'Muy bien. Quédese quieto: viene el siguiente objetivo',
  'result.success': 'Gracias, ya está registrado',
  'result.fail': 'No ha funcionado',
  'result.again': 'Intentar de nuevo',
  'result.done': 'Listo',
  'result.verifying': 'Un momento, estamos confirmando su comprobación…',
  'challenge.cancel': 'Cancelar',
  'challenge.progress': 'Progreso',
  'challenge.time_left': 'Tiempo restante',
  'challenge.light_note': 'La pantalla cambia de color mientras tanto: forma parte de la comprobación.',
  'error.camera_missing': 'No se ha encontrado ninguna cámara',
  'error.camera_busy': 'Otro programa está usando la cámara',
  'error.camera_denied': 'La cámara no está permitida',
  'error.inference': 'El análisis facial no está disponible',
  'error.locked': 'Este terminal está en pausa. Por favor, diríjase al personal.',
  'error.retrying': 'Reintentando automáticamente…',
  'error.retry': 'Reintentar ahora',
  'help.ask': 'Pedir ayuda al personal',
  'help.offer':
    '¿No puede girar la cabeza o no ve bien la pantalla? Un miembro del personal puede registrarle.',
  'help.waiting': 'Se ha avisado al personal. Espere aquí, por favor.',
  'help.withdraw': 'Ya no necesito ayuda',
  'help.checked_in': 'Un miembro del personal le ha registrado. Gracias.',
  'help.not_checked_in': 'El personal ha terminado de atenderle.',
  'help.unavailable':
    'No se ha podido avisar al personal desde este terminal. Por favor, diríjase a un miembro del personal.',
  'reason.face_timeout': 'No se ha visto ninguna cara. Colóquese delante de la cámara e inténtelo de nuevo.',
  'reason.area_timeout': 'Su cara no entró en el marco a tiempo. Inténtelo de nuevo, un poco más cerca.',
  'reason.nose_timeout': 'No se alcanzó el objetivo a tiempo. Gire la cabeza hacia el objetivo redondo.',
  'reason.multiple_faces': 'Se ha visto más de una cara. Hagan la comprobación de uno en uno, por favor.',
  'reason.face_lost': 'Su cara ha salido de la imagen. Permanezca delante de la cámara.',
  'reason.left_area': 'Su cara ha salido del marco. Gire la cabeza en lugar de desplazarse hacia un lado.',
  'reason.cancelled': 'La comprobación se ha cancelado.',
  'reason.head_rotated': 'No hemos visto girar su cabeza. Gírela hacia el objetivo en lugar de deslizarla.',
  'reason.nose_path_smooth':
    'El movimiento no fue uniforme. Mueva la cabeza de forma continua hacia el objetivo.',
  'reason.walk_up_distance': 'Colóquese a un brazo de distancia de la cámara e inténtelo de nuevo.',
  'reason.cloud_unavailable':
    'La comprobación no se ha podido completar en este momento. Por favor, diríjase al personal.',
  'reason.abandoned': 'Se inició una nueva comprobación antes de que terminara esta.',
  'reason.expired': 'Se ha agotado el tiempo de esta comprobación. Inténtelo de nuevo.',
  'reason.other': 'No hemos podido confirmar que haya una persona. Inténtelo de nuevo.',
};

/** The languages a visitor can pick, each named in itself. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const CATALOGUES: Record<LanguageCode, Record<StringKey, string>> = { en, de, fr, es };

export type Translate = (key: StringKey | GuidanceKey) => string;

/** The countdown, in each language's plural forms (Intl.PluralRules) and number format. */
const SECONDS_LEFT: Record<LanguageCode, { readonly one?: string; readonly other: string }> = {
  en: { one: '{n} second left', other: '{n} seconds left' },
  de: { one: 'Noch {n} Sekunde', other: 'Noch {n} Sekunden' },
  // French counts 0 and 1 as singular (Intl.PluralRules('fr').select(0) is 'one').
  fr: { one: 'Encore {n} seconde', other: 'Encore {n} secondes' },
  es: { one: 'Queda {n} segundo', other: 'Quedan {n} segundos' },
};

/** Whether `code` is one of the kiosk's languages (the visitor strings and the staff panel's alike). */
export const isLanguage = (code: string): code is LanguageCode => LANGUAGES.some((l) => l.code === code);

export function secondsLeft(language: string, seconds: number): string {
  const lang = isLanguage(language) ? language : 'en';
  const forms = SECONDS_LEFT[lang];
  const form = new Intl.PluralRules(lang).select(seconds) === 'one' ? forms.one : undefined;
  return (form ?? forms.other).replace('{n}', new Intl.NumberFormat(lang).format(seconds));
}

export function translator(language: string): Translate {
  const table = isLanguage(language) ? CATALOGUES[language] : en;
  return (key) => table[key as StringKey] ?? en[key as StringKey] ?? key;
}

/** The reason shown to a visitor for a failed verdict: the stop cause, else the first failed check. */
export function failureKey(failure: string | null, failedChecks: readonly string[]): StringKey {
  const candidate = failure
    ? `reason.${failure}`
    : failedChecks.map((c) => `reason.${c}`).find((k) => k in en);
  return candidate && candidate in en ? (candidate as StringKey) : 'reason.other';
}
