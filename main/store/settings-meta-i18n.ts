import { SETTINGS_META, type SettingPath } from './settings-meta';

/*
 * The settings' labels and one-line descriptions in the staff panel's other languages (English is
 * SETTINGS_META itself), and their units. A test checks every path has both in every language.
 */

export const SETTINGS_LANGUAGES = ['de', 'fr', 'es'] as const;
export type SettingsLanguage = (typeof SETTINGS_LANGUAGES)[number];

type Texts = Readonly<Record<SettingPath, readonly [title: string, description: string]>>;

const de: Texts = {
  kiosk: [
    'Dieses Terminal',
    'Welches Terminal dies ist; steht in jedem Ergebnis, Export und Zustandsbericht.',
  ],
  'kiosk.name': ['Name', 'Ein Name, den das Personal erkennt, z. B. „Empfang“. Leer: ohne Namen.'],
  'kiosk.site': ['Standort', 'Wo das Terminal steht, z. B. „Berlin, Halle 2“. Leer: nicht angegeben.'],
  camera: ['Kamera', 'Welche Kamera das Terminal nutzt und welche Bildgröße es analysiert.'],
  'camera.deviceId': ['Kameragerät', 'Wird im Reiter „Kamera“ gewählt. Leer: die erste gefundene Kamera.'],
  'camera.width': [
    'Aufnahmebreite',
    'Breite des Bildes für die Prüfungen; 640 passt zu den meisten Webcams.',
  ],
  'camera.height': ['Aufnahmehöhe', 'Höhe des Bildes für die Prüfungen; 480 passt zu den meisten Webcams.'],
  language: [
    'Standardsprache',
    'Die Sprache des Begrüßungsbildschirms und dieses Bereichs; Besucher können wechseln.',
  ],
  liveness: ['Lebendprüfung', 'Wie die Aufgabe abläuft und wie streng das Urteil ist. Mit Vorsicht ändern.'],
  'liveness.landmarkIndex': ['Nasenpunkt', 'Welcher der 68 Gesichtspunkte die Nasenspitze ist (30).'],
  'liveness.face': ['Gesicht finden', 'Der erste Schritt: ein Gesicht vor der Kamera.'],
  'liveness.face.timeoutMs': ['Zeitlimit Gesicht', 'Wie lange das Terminal auf ein Gesicht wartet.'],
  'liveness.area': ['Gesicht im Rahmen', 'Der zweite Schritt: das Gesicht im Rahmen auf dem Bildschirm.'],
  'liveness.area.timeoutMs': [
    'Zeitlimit Rahmen',
    'Wie lange ein Besucher hat, das Gesicht in den Rahmen zu bringen.',
  ],
  'liveness.area.maxNoFaceFrames': [
    'Bilder ohne Gesicht (Rahmen)',
    'Mehr Bilder ohne Gesicht in diesem Schritt lassen den Versuch scheitern.',
  ],
  'liveness.distance': [
    'Abstand',
    'Wie nah Besucher stehen, als Gesichtsbreite im Verhältnis zur Bildbreite.',
  ],
  'liveness.distance.minFaceWidthRatio': [
    'Kleinste Gesichtsbreite',
    'Ein schmaleres Gesicht wird gebeten, näher zu kommen.',
  ],
  'liveness.distance.maxFaceWidthRatio': [
    'Größte Gesichtsbreite',
    'Ein breiteres Gesicht wird gebeten, zurückzutreten.',
  ],
  'liveness.nose': ['Nase zum Ziel', 'Der letzte Schritt: die Nasenspitze ins Ziel.'],
  'liveness.nose.timeoutMs': ['Zeitlimit Ziel', 'Wie lange ein Besucher hat, das Ziel zu erreichen.'],
  'liveness.nose.maxNoFaceFrames': [
    'Bilder ohne Gesicht (Ziel)',
    'Mehr Bilder ohne Gesicht in diesem Schritt lassen den Versuch scheitern.',
  ],
  'liveness.nose.areaTolerance': [
    'Spielraum im Rahmen',
    'Wie weit das Gesicht beim Drehen aus dem Rahmen wandern darf, im Verhältnis zu seiner Größe.',
  ],
  'liveness.verdict': [
    'Schwellen des Urteils',
    'Die Werte, mit denen das Urteil vergleicht (Schutz vor Täuschung).',
  ],
  'liveness.verdict.maxTrajectoryRms': [
    'Gleichmäßiger Nasenweg',
    'Größtes Zittern des Nasenwegs um eine glatte Kurve; ein sprunghafter Weg wird abgelehnt.',
  ],
  'liveness.verdict.minTrajectoryPoints': [
    'Nötige Nasenpositionen',
    'So viele Bilder braucht der Nasenweg mindestens für ein Urteil.',
  ],
  'liveness.verdict.minRotationDeg': [
    'Nötige Kopfdrehung',
    'Wie weit sich der Kopf zum Ziel drehen muss; ein seitlich geschobenes Foto dreht sich nicht.',
  ],
  'liveness.verdict.translationYawFactor': [
    'Cloud: Seitenkorrektur',
    'Nur für das Urteil der Cloud: der Anteil einer Seitwärtsbewegung, der von ihrer Drehung abgezogen wird.',
  ],
  'liveness.verdict.cameraHorizontalFovDeg': [
    'Bildwinkel der Kamera',
    'Horizontaler Bildwinkel der Kamera (die meisten Webcams 60–78), für die Kopfhaltung.',
  ],
  'liveness.verdict.acceptLandmarkDistributionRule': [
    'Ursprüngliche Drehregel akzeptieren',
    'Auch die Punktregel des ursprünglichen Entwurfs als Drehung werten. Aus: Sie ließ ein Dia durch.',
  ],
  'liveness.verdict.minParallax': [
    'Nötige 3D-Parallaxe',
    'Wie stark das Gesicht beim Drehen seine Form ändern muss; flache Fotos und Karten zeigen weniger.',
  ],
  'liveness.verdict.maxDescriptorDistance': [
    'Dieselbe Person',
    'Größter erlaubter Abstand der Gesichtsmerkmale innerhalb eines Besuchs; ein getauschtes Gesicht zeigt mehr.',
  ],
  'liveness.verdict.descriptorIntervalMs': [
    'Abstand der Personenprüfung',
    'Wie oft die Gesichtsmerkmale berechnet werden, während sich die Nase bewegt.',
  ],
  'liveness.verdict.minDescriptors': [
    'Proben für dieselbe Person',
    'So viele Merkmalsproben braucht die Prüfung auf dieselbe Person.',
  ],
  'liveness.verdict.maxSurroundMovedShare': [
    'Umgebung bewegt sich mit',
    'Größter Anteil der Umgebung des Gesichts, der sich mitbewegen darf; ein gehaltener Bildschirm bewegt seinen Rahmen.',
  ],
  'liveness.verdict.minScreenLightResponse': [
    'Reflektiertes Bildschirmlicht',
    'Wie viel der wechselnden Bildschirmfarben das Gesicht zurückwerfen muss; ein vorgehaltener Bildschirm wirft kaum etwas zurück. Leer: aus.',
  ],
  'liveness.verdict.observeScreenLight': [
    'Bildschirmlicht messen, ohne abzulehnen',
    'Ohne Schwelle: die Farben zeigen und die Reaktion jedes Besuchs in den Ergebnissen festhalten, ohne jemanden abzulehnen, um die Besucher dieses Kiosks zu messen, bevor eine Schwelle gesetzt wird.',
  ],
  'liveness.verdict.minLightChanges': [
    'Nötige Farbwechsel',
    'Die Lichtprüfung urteilt erst, wenn das Gesicht über so viele Farbwechsel gesehen wurde.',
  ],
  'liveness.challenge.lightStepMs': [
    'Bildschirmfarbe wechselt alle',
    'Während eines Besuchs wechselt der Bildschirm so oft die Farbe (mindestens 200 ms: unter drei Blitzen pro Sekunde).',
  ],
  'liveness.landmarkDistribution': [
    'Ursprüngliche Drehregel',
    'Werte der Punktregel des ursprünglichen Entwurfs (nur genutzt, wenn oben akzeptiert).',
  ],
  'liveness.landmarkDistribution.bins': ['Klassen', 'Klassen, in denen die Gesichtspunkte gezählt werden.'],
  'liveness.landmarkDistribution.minDistance': [
    'Kleinster Abstand',
    'Kleinste gezählte Streuung der Punkte.',
  ],
  'liveness.landmarkDistribution.rotationThresholdDeg': [
    'Drehschwelle',
    'Die Drehung, nach der die Regel sucht.',
  ],
  'liveness.landmarkDistribution.factorRotated': ['Faktor gedreht', 'Streufaktor eines gedrehten Gesichts.'],
  'liveness.landmarkDistribution.factorNotRotated': [
    'Faktor nicht gedreht',
    'Streufaktor eines geradeaus blickenden Gesichts.',
  ],
  'liveness.challenge': ['Aufgabe', 'Der Rahmen auf dem Bildschirm und das Ziel für die Nase.'],
  'liveness.challenge.areaHeightRatio': ['Rahmenhöhe', 'Höhe des Gesichtsrahmens als Anteil des Bildes.'],
  'liveness.challenge.areaWidthRatio': [
    'Höchste Rahmenbreite',
    'Größte Breite des Gesichtsrahmens als Anteil des Bildes.',
  ],
  'liveness.challenge.areaAspectRatio': ['Rahmenform', 'Breite des Gesichtsrahmens durch seine Höhe.'],
  'liveness.challenge.referenceAreaWidth': [
    'Bezugsbreite des Rahmens',
    'Die Größen unten gelten bei dieser Rahmenbreite und skalieren mit ihr.',
  ],
  'liveness.challenge.noseBoxSize': ['Zielgröße', 'Seitenlänge des Nasenziels.'],
  'liveness.challenge.noseMinHorizontalOffset': [
    'Ziel: am nächsten zur Mitte',
    'Kleinster seitlicher Abstand des Ziels von der Rahmenmitte.',
  ],
  'liveness.challenge.noseMaxHorizontalOffset': [
    'Ziel: am weitesten von der Mitte',
    'Größter seitlicher Abstand des Ziels von der Rahmenmitte.',
  ],
  'liveness.challenge.noseMaxVerticalOffset': [
    'Ziel: Höhenbereich',
    'Größter Abstand des Ziels über oder unter der Mitte.',
  ],
  'liveness.challenge.ttlMs': [
    'Lebensdauer der Aufgabe',
    'Eine Aufgabe, die in dieser Zeit nicht genutzt wird, verfällt.',
  ],
  'liveness.challenge.mode': [
    'Aufgabenart',
    'original: ein Ziel. sequence: mehrere, jedes erscheint, sobald das vorige erreicht ist.',
  ],
  'liveness.challenge.sequenceLength': ['Ziele in einer Folge', 'Wie viele Ziele eine Folge hat.'],
  'liveness.challenge.revealDelayMinMs': [
    'Nächstes Ziel: kürzeste Pause',
    'Kürzeste Pause, bevor das nächste Ziel erscheint.',
  ],
  'liveness.challenge.revealDelayMaxMs': [
    'Nächstes Ziel: längste Pause',
    'Längste Pause, bevor das nächste Ziel erscheint.',
  ],
  'liveness.challenge.sequenceMinVerticalOffset': [
    'Folgeziele abseits der Mitte',
    'Folgeziele liegen mindestens so weit über oder unter der Mitte.',
  ],
  lockout: [
    'Fehlversuchssperre',
    'Pausiert das Terminal nach wiederholten Fehlversuchen, bis das Personal sie aufhebt.',
  ],
  'lockout.maxFailures': [
    'Fehlversuche bis zur Pause',
    'Fehlversuche im Zeitfenster, die das Terminal pausieren.',
  ],
  'lockout.windowMs': ['Zeitfenster', 'Die Zeit, in der Fehlversuche gezählt werden.'],
  'lockout.autoClearMs': ['Hebt sich selbst auf nach', 'Leer: Nur das Personal hebt eine Pause auf.'],
  cloud: ['Cloud-Nachprüfung', 'Eine zweite Meinung von Amazon Rekognition, wenn ein Netzwerk da ist.'],
  'cloud.policy': [
    'Regel',
    'off: nie. advisory: ihre Meinung festhalten. required: ein lokales Bestehen braucht auch die Cloud.',
  ],
  'cloud.region': ['AWS-Region', 'Die Rekognition-Region, z. B. eu-west-1.'],
  'cloud.profile': ['AWS-Profil', 'Das zu nutzende Zugangsprofil. Leer: die Standardkette.'],
  'cloud.endpoint': ['Endpunkt', 'Ein anderer Rekognition-Endpunkt (Tests). Leer: AWS.'],
  'cloud.requestTimeoutMs': ['Zeitlimit je Anfrage', 'Wie lange ein Aufruf dauern darf.'],
  'cloud.maxAgeMs': ['Aufgeben nach', 'Nicht in dieser Zeit geprüfte Versuche gelten als abgelaufen.'],
  'cloud.retryBaseMs': [
    'Erste Wiederholung nach',
    'Pause vor dem Wiederholen eines fehlgeschlagenen Aufrufs; sie verdoppelt sich jedes Mal.',
  ],
  'cloud.retryMaxMs': ['Längste Pause', 'Die Pause vor einer Wiederholung wächst nie darüber hinaus.'],
  'cloud.throttleBaseMs': ['Pause bei Drosselung', 'Pause, nachdem AWS zum Verlangsamen auffordert.'],
  'cloud.requiredWaitMs': [
    'Warten auf die Cloud (required)',
    'Unter „required“: wie lange der Besucher auf die Cloud wartet.',
  ],
  'cloud.requiredFallback': [
    'Wenn die Cloud nicht antwortet',
    'Unter „required“: den Besucher annehmen oder ablehnen, wenn die Cloud nicht rechtzeitig antwortet.',
  ],
  'cloud.purgeEvidenceAfterVerification': [
    'Schlüsselbilder nach Prüfung löschen',
    'Die gespeicherten Bilder eines Versuchs entfernen, sobald die Cloud ihn geprüft hat.',
  ],
  'cloud.jpegQuality': ['Bildqualität', 'JPEG-Qualität der Bilder, die an die Cloud gehen.'],
  evidence: ['Nachweise', 'Schlüsselbilder jedes Versuchs, verschlüsselt auf dem Terminal, zur Überprüfung.'],
  'evidence.mode': [
    'Schlüsselbilder aufbewahren',
    'encrypted: verschlüsselt aufbewahren. none: gar keine Bilder aufbewahren.',
  ],
  'evidence.retentionDays': ['Aufbewahren für', 'Ältere Schlüsselbilder werden gelöscht.'],
  'evidence.acceptUnprotectedKey': [
    'Ungeschützten Schlüssel akzeptieren',
    'Nachweise auch dort aufbewahren, wo das System den Schlüssel nicht schützen kann (kein Schlüsselbund).',
  ],
  staffPin: [
    'Personal-PIN (frühere Versionen)',
    'Wo frühere Versionen die PIN hielten; in die Zugangsdatei verschoben.',
  ],
  'staffPin.hash': ['PIN-Hash', 'Wird nicht mehr genutzt.'],
  'staffPin.failures': ['Falsche PINs', 'Wird nicht mehr genutzt.'],
  'staffPin.lockouts': ['PIN-Sperren', 'Wird nicht mehr genutzt.'],
  'staffPin.lockedUntil': ['Gesperrt bis', 'Wird nicht mehr genutzt.'],
  startAtLogin: ['Bei Anmeldung starten', 'Das Terminal starten, wenn sich der Terminal-Benutzer anmeldet.'],
  updates: [
    'Updates',
    'Neue Versionen von einem Ort, den das Personal kontrolliert; aus, bis eine URL gesetzt ist.',
  ],
  'updates.url': [
    'Update-URL',
    'Wo latest.yml und die Pakete liegen (http oder https). Leer: keine Updates.',
  ],
  'updates.checkEveryHours': ['Prüfen alle', 'Wie oft das Terminal nach einer neuen Version sucht.'],
};

const fr: Texts = {
  kiosk: ['Cette borne', 'Quelle borne c’est ; écrit dans chaque résultat, export et rapport d’état.'],
  'kiosk.name': ['Nom', 'Un nom que le personnel reconnaît, p. ex. « Accueil ». Vide : sans nom.'],
  'kiosk.site': ['Site', 'Où se trouve la borne, p. ex. « Berlin, hall 2 ». Vide : non indiqué.'],
  camera: ['Caméra', 'Quelle caméra la borne utilise et la taille d’image qu’elle analyse.'],
  'camera.deviceId': [
    'Périphérique caméra',
    'Choisi dans l’onglet caméra. Vide : la première caméra trouvée.',
  ],
  'camera.width': [
    'Largeur de capture',
    'Largeur de l’image utilisée par les contrôles ; 640 convient à la plupart des webcams.',
  ],
  'camera.height': [
    'Hauteur de capture',
    'Hauteur de l’image utilisée par les contrôles ; 480 convient à la plupart des webcams.',
  ],
  language: [
    'Langue par défaut',
    'La langue de l’écran d’accueil et de cet espace ; les visiteurs peuvent en changer.',
  ],
  liveness: [
    'Vérification de présence',
    'Le déroulement du défi et la sévérité du verdict. À modifier avec prudence.',
  ],
  'liveness.landmarkIndex': ['Point du nez', 'Lequel des 68 points du visage est le bout du nez (30).'],
  'liveness.face': ['Trouver un visage', 'La première étape : un visage devant la caméra.'],
  'liveness.face.timeoutMs': [
    'Délai visage',
    'Combien de temps la borne attend un visage avant d’abandonner.',
  ],
  'liveness.area': ['Visage dans le cadre', 'La deuxième étape : le visage dans le cadre à l’écran.'],
  'liveness.area.timeoutMs': [
    'Délai cadre',
    'Le temps dont dispose un visiteur pour placer son visage dans le cadre.',
  ],
  'liveness.area.maxNoFaceFrames': [
    'Images sans visage (cadre)',
    'Au-delà de ce nombre d’images sans visage pendant cette étape, la tentative échoue.',
  ],
  'liveness.distance': [
    'Distance',
    'À quelle distance se tiennent les visiteurs, en largeur du visage sur largeur de l’image.',
  ],
  'liveness.distance.minFaceWidthRatio': [
    'Largeur minimale du visage',
    'Un visage plus étroit est invité à s’approcher.',
  ],
  'liveness.distance.maxFaceWidthRatio': [
    'Largeur maximale du visage',
    'Un visage plus large est invité à reculer.',
  ],
  'liveness.nose': ['Le nez vers la cible', 'La dernière étape : le bout du nez dans la cible.'],
  'liveness.nose.timeoutMs': ['Délai cible', 'Le temps dont dispose un visiteur pour atteindre la cible.'],
  'liveness.nose.maxNoFaceFrames': [
    'Images sans visage (cible)',
    'Au-delà de ce nombre d’images sans visage pendant cette étape, la tentative échoue.',
  ],
  'liveness.nose.areaTolerance': [
    'Tolérance du cadre',
    'De combien le visage peut sortir du cadre en tournant, en proportion de sa taille.',
  ],
  'liveness.verdict': [
    'Seuils du verdict',
    'Les valeurs auxquelles le verdict se compare (résistance à la fraude).',
  ],
  'liveness.verdict.maxTrajectoryRms': [
    'Trajet régulier du nez',
    'Plus grande oscillation du trajet du nez autour d’une courbe lisse ; un trajet saccadé est refusé.',
  ],
  'liveness.verdict.minTrajectoryPoints': [
    'Positions du nez nécessaires',
    'Le trajet du nez doit compter au moins ce nombre d’images pour être jugé.',
  ],
  'liveness.verdict.minRotationDeg': [
    'Rotation de tête nécessaire',
    'De combien la tête doit tourner vers la cible ; une photo glissée de côté ne tourne pas.',
  ],
  'liveness.verdict.translationYawFactor': [
    'Cloud : correction latérale',
    'Pour le verdict du cloud seulement : la part d’un déplacement latéral soustraite de sa rotation.',
  ],
  'liveness.verdict.cameraHorizontalFovDeg': [
    'Champ de vision de la caméra',
    'Champ de vision horizontal de la caméra (la plupart des webcams 60–78), pour estimer la pose de la tête.',
  ],
  'liveness.verdict.acceptLandmarkDistributionRule': [
    'Accepter la règle de rotation d’origine',
    'Accepter aussi la règle des points de la conception d’origine comme rotation. Désactivé : elle laissait passer une diapositive.',
  ],
  'liveness.verdict.minParallax': [
    'Parallaxe 3D nécessaire',
    'De combien le visage doit changer de forme en tournant ; les photos et cartes plates en montrent moins.',
  ],
  'liveness.verdict.maxDescriptorDistance': [
    'Même personne',
    'Plus grande distance de descripteur facial permise au cours d’une visite ; un visage échangé en montre plus.',
  ],
  'liveness.verdict.descriptorIntervalMs': [
    'Intervalle du contrôle de personne',
    'À quelle fréquence le descripteur facial est calculé pendant que le nez bouge.',
  ],
  'liveness.verdict.minDescriptors': [
    'Échantillons pour la même personne',
    'Descripteurs nécessaires avant que le contrôle de même personne puisse réussir.',
  ],
  'liveness.verdict.maxSurroundMovedShare': [
    'Entourage qui bouge avec le visage',
    'Plus grande part de l’entourage du visage autorisée à bouger avec lui ; un écran tenu à la main déplace son cadre.',
  ],
  'liveness.verdict.minScreenLightResponse': [
    'Lumière de l’écran réfléchie',
    'Quelle part des couleurs changeantes de l’écran le visage doit réfléchir ; un écran tenu devant n’en réfléchit presque rien. Vide : désactivé.',
  ],
  'liveness.verdict.observeScreenLight': [
    'Mesurer la lumière de l’écran sans refuser',
    'Sans seuil : afficher les couleurs et noter la réponse de chaque visite dans les résultats, sans refuser personne, pour mesurer les visiteurs de cette borne avant de fixer un seuil.',
  ],
  'liveness.verdict.minLightChanges': [
    'Changements de couleur nécessaires',
    'Le contrôle de lumière ne juge qu’après avoir vu le visage sur ce nombre de changements de couleur.',
  ],
  'liveness.challenge.lightStepMs': [
    'Pas de couleur de l’écran',
    'Pendant une visite, l’écran change de couleur à ce rythme (au moins 200 ms : moins de trois flashs par seconde).',
  ],
  'liveness.landmarkDistribution': [
    'Règle de rotation d’origine',
    'Valeurs de la règle des points de la conception d’origine (utilisées seulement si acceptée ci-dessus).',
  ],
  'liveness.landmarkDistribution.bins': [
    'Classes',
    'Classes dans lesquelles les points du visage sont comptés.',
  ],
  'liveness.landmarkDistribution.minDistance': ['Distance minimale', 'Plus petit écart de points compté.'],
  'liveness.landmarkDistribution.rotationThresholdDeg': [
    'Seuil de rotation',
    'La rotation que la règle recherche.',
  ],
  'liveness.landmarkDistribution.factorRotated': ['Facteur tourné', 'Facteur d’écart d’un visage tourné.'],
  'liveness.landmarkDistribution.factorNotRotated': [
    'Facteur non tourné',
    'Facteur d’écart d’un visage de face.',
  ],
  'liveness.challenge': [
    'Défi',
    'Le cadre à l’écran et la cible vers laquelle les visiteurs dirigent le nez.',
  ],
  'liveness.challenge.areaHeightRatio': [
    'Hauteur du cadre',
    'Hauteur du cadre du visage en proportion de l’image.',
  ],
  'liveness.challenge.areaWidthRatio': [
    'Largeur maximale du cadre',
    'Plus grande largeur du cadre du visage en proportion de l’image.',
  ],
  'liveness.challenge.areaAspectRatio': ['Forme du cadre', 'Largeur du cadre du visage sur sa hauteur.'],
  'liveness.challenge.referenceAreaWidth': [
    'Largeur de référence du cadre',
    'Les tailles ci-dessous valent pour cette largeur de cadre et s’y adaptent.',
  ],
  'liveness.challenge.noseBoxSize': ['Taille de la cible', 'Côté de la cible du nez.'],
  'liveness.challenge.noseMinHorizontalOffset': [
    'Cible : au plus près du milieu',
    'Plus petite distance latérale de la cible au milieu du cadre.',
  ],
  'liveness.challenge.noseMaxHorizontalOffset': [
    'Cible : au plus loin du milieu',
    'Plus grande distance latérale de la cible au milieu du cadre.',
  ],
  'liveness.challenge.noseMaxVerticalOffset': [
    'Cible : plage de hauteur',
    'Plus grande distance de la cible au-dessus ou au-dessous du milieu.',
  ],
  'liveness.challenge.ttlMs': ['Durée de vie du défi', 'Un défi non utilisé dans ce délai expire.'],
  'liveness.challenge.mode': [
    'Mode du défi',
    'original : une cible. sequence : plusieurs, chacune montrée une fois la précédente atteinte.',
  ],
  'liveness.challenge.sequenceLength': ['Cibles d’une séquence', 'Combien de cibles compte une séquence.'],
  'liveness.challenge.revealDelayMinMs': [
    'Cible suivante : attente minimale',
    'Attente minimale avant l’apparition de la cible suivante.',
  ],
  'liveness.challenge.revealDelayMaxMs': [
    'Cible suivante : attente maximale',
    'Attente maximale avant l’apparition de la cible suivante.',
  ],
  'liveness.challenge.sequenceMinVerticalOffset': [
    'Cibles de séquence hors du milieu',
    'Les cibles d’une séquence sont au moins à cette distance au-dessus ou au-dessous du milieu.',
  ],
  lockout: [
    'Blocage après échecs',
    'Met la borne en pause après des échecs répétés, jusqu’à ce que le personnel lève le blocage.',
  ],
  'lockout.maxFailures': [
    'Échecs avant la pause',
    'Tentatives échouées dans la fenêtre qui mettent la borne en pause.',
  ],
  'lockout.windowMs': ['Fenêtre', 'La durée pendant laquelle les échecs sont comptés.'],
  'lockout.autoClearMs': ['Se lève seul après', 'Vide : seul le personnel lève la pause.'],
  cloud: [
    'Vérification dans le cloud',
    'Un second avis d’Amazon Rekognition quand un réseau est disponible.',
  ],
  'cloud.policy': [
    'Règle',
    'off : jamais. advisory : noter son avis. required : une réussite locale exige aussi le cloud.',
  ],
  'cloud.region': ['Région AWS', 'La région Rekognition, p. ex. eu-west-1.'],
  'cloud.profile': ['Profil AWS', 'Le profil d’identifiants à utiliser. Vide : la chaîne par défaut.'],
  'cloud.endpoint': [
    'Point de terminaison',
    'Un autre point de terminaison Rekognition (tests). Vide : AWS.',
  ],
  'cloud.requestTimeoutMs': ['Délai par requête', 'Durée maximale d’un appel.'],
  'cloud.maxAgeMs': [
    'Abandonner après',
    'Les tentatives non vérifiées dans ce délai sont marquées expirées.',
  ],
  'cloud.retryBaseMs': [
    'Premier nouvel essai après',
    'Attente avant de réessayer un appel échoué ; elle double à chaque fois.',
  ],
  'cloud.retryMaxMs': ['Attente maximale', 'L’attente avant un nouvel essai ne dépasse jamais cette valeur.'],
  'cloud.throttleBaseMs': ['Attente en cas de limitation', 'Attente après une demande de ralentir d’AWS.'],
  'cloud.requiredWaitMs': [
    'Attente du cloud (required)',
    'Avec « required » : combien de temps le visiteur attend le cloud.',
  ],
  'cloud.requiredFallback': [
    'Si le cloud ne répond pas',
    'Avec « required » : accepter ou refuser le visiteur quand le cloud n’est pas joint à temps.',
  ],
  'cloud.purgeEvidenceAfterVerification': [
    'Supprimer les images clés une fois vérifiées',
    'Effacer les images enregistrées d’une tentative dès que le cloud l’a vérifiée.',
  ],
  'cloud.jpegQuality': ['Qualité d’image', 'Qualité JPEG des images envoyées au cloud.'],
  evidence: ['Preuves', 'Images clés de chaque tentative conservées sur la borne, chiffrées, pour contrôle.'],
  'evidence.mode': [
    'Conserver les images clés',
    'encrypted : les conserver chiffrées. none : ne conserver aucune image.',
  ],
  'evidence.retentionDays': ['Conserver pendant', 'Les images clés plus anciennes sont supprimées.'],
  'evidence.acceptUnprotectedKey': [
    'Accepter une clé non protégée',
    'Conserver les preuves même si le système ne peut pas protéger la clé (pas de trousseau).',
  ],
  staffPin: [
    'PIN du personnel (anciennes versions)',
    'Où les anciennes versions gardaient le PIN ; déplacé dans le fichier d’identifiants.',
  ],
  'staffPin.hash': ['Empreinte du PIN', 'N’est plus utilisé.'],
  'staffPin.failures': ['PIN erronés', 'N’est plus utilisé.'],
  'staffPin.lockouts': ['Blocages du PIN', 'N’est plus utilisé.'],
  'staffPin.lockedUntil': ['Bloqué jusqu’à', 'N’est plus utilisé.'],
  startAtLogin: ['Démarrer à la connexion', 'Démarrer la borne quand son utilisateur se connecte.'],
  updates: [
    'Mises à jour',
    'Nouvelles versions depuis un lieu que le personnel contrôle ; désactivées tant qu’aucune URL n’est définie.',
  ],
  'updates.url': [
    'URL de mise à jour',
    'Où latest.yml et les paquets sont publiés (http ou https). Vide : pas de mise à jour.',
  ],
  'updates.checkEveryHours': [
    'Vérifier toutes les',
    'À quelle fréquence la borne cherche une nouvelle version.',
  ],
};

const es: Texts = {
  kiosk: ['Este terminal', 'Qué terminal es; se escribe en cada resultado, exportación e informe de estado.'],
  'kiosk.name': ['Nombre', 'Un nombre que el personal reconozca, p. ej. «Recepción». Vacío: sin nombre.'],
  'kiosk.site': ['Ubicación', 'Dónde está el terminal, p. ej. «Berlín, pabellón 2». Vacío: sin indicar.'],
  camera: ['Cámara', 'Qué cámara usa el terminal y el tamaño de imagen que analiza.'],
  'camera.deviceId': [
    'Dispositivo de cámara',
    'Se elige en la pestaña cámara. Vacío: la primera cámara encontrada.',
  ],
  'camera.width': [
    'Ancho de captura',
    'Ancho de la imagen que usan las comprobaciones; 640 sirve para la mayoría de webcams.',
  ],
  'camera.height': [
    'Alto de captura',
    'Alto de la imagen que usan las comprobaciones; 480 sirve para la mayoría de webcams.',
  ],
  language: [
    'Idioma predeterminado',
    'El idioma de la pantalla de bienvenida y de este panel; los visitantes pueden cambiarlo.',
  ],
  liveness: [
    'Comprobación de presencia',
    'Cómo se desarrolla el reto y lo estricto que es el veredicto. Cámbielo con cuidado.',
  ],
  'liveness.landmarkIndex': [
    'Punto de la nariz',
    'Cuál de los 68 puntos de la cara es la punta de la nariz (30).',
  ],
  'liveness.face': ['Encontrar una cara', 'El primer paso: una cara delante de la cámara.'],
  'liveness.face.timeoutMs': ['Límite para la cara', 'Cuánto espera el terminal una cara antes de rendirse.'],
  'liveness.area': ['Cara en el marco', 'El segundo paso: la cara dentro del marco de la pantalla.'],
  'liveness.area.timeoutMs': [
    'Límite para el marco',
    'Cuánto tiempo tiene un visitante para poner la cara en el marco.',
  ],
  'liveness.area.maxNoFaceFrames': [
    'Imágenes sin cara (marco)',
    'Más imágenes sin cara que estas durante este paso hacen fallar el intento.',
  ],
  'liveness.distance': [
    'Distancia',
    'A qué distancia están los visitantes, como ancho de la cara sobre ancho de la imagen.',
  ],
  'liveness.distance.minFaceWidthRatio': [
    'Ancho mínimo de la cara',
    'A una cara más estrecha se le pide que se acerque.',
  ],
  'liveness.distance.maxFaceWidthRatio': [
    'Ancho máximo de la cara',
    'A una cara más ancha se le pide que retroceda.',
  ],
  'liveness.nose': ['La nariz al objetivo', 'El último paso: la punta de la nariz dentro del objetivo.'],
  'liveness.nose.timeoutMs': [
    'Límite para el objetivo',
    'Cuánto tiempo tiene un visitante para alcanzar el objetivo.',
  ],
  'liveness.nose.maxNoFaceFrames': [
    'Imágenes sin cara (objetivo)',
    'Más imágenes sin cara que estas durante este paso hacen fallar el intento.',
  ],
  'liveness.nose.areaTolerance': [
    'Tolerancia del marco',
    'Cuánto puede salirse la cara del marco al girar, en proporción a su tamaño.',
  ],
  'liveness.verdict': [
    'Umbrales del veredicto',
    'Los valores con los que compara el veredicto (resistencia al fraude).',
  ],
  'liveness.verdict.maxTrajectoryRms': [
    'Trayecto suave de la nariz',
    'Mayor oscilación del trayecto de la nariz alrededor de una curva suave; un trayecto a saltos se rechaza.',
  ],
  'liveness.verdict.minTrajectoryPoints': [
    'Posiciones de la nariz necesarias',
    'El trayecto de la nariz necesita al menos estas imágenes para juzgarse.',
  ],
  'liveness.verdict.minRotationDeg': [
    'Giro de cabeza necesario',
    'Cuánto debe girar la cabeza hacia el objetivo; una foto deslizada de lado no gira.',
  ],
  'liveness.verdict.translationYawFactor': [
    'Nube: corrección lateral',
    'Solo para el veredicto de la nube: la parte de un desplazamiento lateral que se resta de su giro.',
  ],
  'liveness.verdict.cameraHorizontalFovDeg': [
    'Campo de visión de la cámara',
    'Campo de visión horizontal de la cámara (la mayoría de webcams 60–78), para estimar la postura de la cabeza.',
  ],
  'liveness.verdict.acceptLandmarkDistributionRule': [
    'Aceptar la regla de giro original',
    'Aceptar también como giro la regla de puntos del diseño original. Desactivado: dejaba pasar una diapositiva.',
  ],
  'liveness.verdict.minParallax': [
    'Paralaje 3D necesario',
    'Cuánto debe cambiar de forma la cara al girar; las fotos y tarjetas planas muestran menos.',
  ],
  'liveness.verdict.maxDescriptorDistance': [
    'La misma persona',
    'Mayor distancia de descriptor facial permitida en una visita; una cara cambiada muestra más.',
  ],
  'liveness.verdict.descriptorIntervalMs': [
    'Intervalo de la comprobación de persona',
    'Cada cuánto se calcula el descriptor facial mientras se mueve la nariz.',
  ],
  'liveness.verdict.minDescriptors': [
    'Muestras de la misma persona',
    'Descriptores necesarios antes de que la comprobación de misma persona pueda superarse.',
  ],
  'liveness.verdict.maxSurroundMovedShare': [
    'Entorno que se mueve con la cara',
    'Mayor parte del entorno de la cara que puede moverse con ella; una pantalla sostenida mueve su marco.',
  ],
  'liveness.verdict.minScreenLightResponse': [
    'Luz de la pantalla reflejada',
    'Cuánto de los colores cambiantes de la pantalla debe reflejar la cara; una pantalla sostenida delante apenas refleja nada. Vacío: desactivado.',
  ],
  'liveness.verdict.observeScreenLight': [
    'Medir la luz de la pantalla sin rechazar',
    'Sin umbral: mostrar los colores y anotar la respuesta de cada visita en los resultados, sin rechazar a nadie, para medir a los visitantes de este quiosco antes de fijar un umbral.',
  ],
  'liveness.verdict.minLightChanges': [
    'Cambios de color necesarios',
    'La comprobación de luz solo juzga tras ver la cara a lo largo de este número de cambios de color.',
  ],
  'liveness.challenge.lightStepMs': [
    'Paso de color de la pantalla',
    'Durante una visita la pantalla cambia de color con esta frecuencia (al menos 200 ms: menos de tres destellos por segundo).',
  ],
  'liveness.landmarkDistribution': [
    'Regla de giro original',
    'Valores de la regla de puntos del diseño original (solo se usan si se acepta arriba).',
  ],
  'liveness.landmarkDistribution.bins': ['Clases', 'Clases en las que se cuentan los puntos de la cara.'],
  'liveness.landmarkDistribution.minDistance': ['Distancia mínima', 'Menor dispersión de puntos contada.'],
  'liveness.landmarkDistribution.rotationThresholdDeg': ['Umbral de giro', 'El giro que busca la regla.'],
  'liveness.landmarkDistribution.factorRotated': [
    'Factor girado',
    'Factor de dispersión de una cara girada.',
  ],
  'liveness.landmarkDistribution.factorNotRotated': [
    'Factor sin girar',
    'Factor de dispersión de una cara que mira al frente.',
  ],
  'liveness.challenge': ['Reto', 'El marco en pantalla y el objetivo al que los visitantes llevan la nariz.'],
  'liveness.challenge.areaHeightRatio': [
    'Alto del marco',
    'Alto del marco de la cara como parte de la imagen.',
  ],
  'liveness.challenge.areaWidthRatio': [
    'Ancho máximo del marco',
    'Mayor ancho del marco de la cara como parte de la imagen.',
  ],
  'liveness.challenge.areaAspectRatio': ['Forma del marco', 'Ancho del marco de la cara sobre su alto.'],
  'liveness.challenge.referenceAreaWidth': [
    'Ancho de referencia del marco',
    'Los tamaños de abajo valen para este ancho de marco y se escalan con él.',
  ],
  'liveness.challenge.noseBoxSize': ['Tamaño del objetivo', 'Lado del objetivo de la nariz.'],
  'liveness.challenge.noseMinHorizontalOffset': [
    'Objetivo: lo más cerca del centro',
    'Menor distancia lateral del objetivo al centro del marco.',
  ],
  'liveness.challenge.noseMaxHorizontalOffset': [
    'Objetivo: lo más lejos del centro',
    'Mayor distancia lateral del objetivo al centro del marco.',
  ],
  'liveness.challenge.noseMaxVerticalOffset': [
    'Objetivo: margen de altura',
    'Mayor distancia del objetivo por encima o por debajo del centro.',
  ],
  'liveness.challenge.ttlMs': ['Vida del reto', 'Un reto que no se usa en este tiempo caduca.'],
  'liveness.challenge.mode': [
    'Modo del reto',
    'original: un objetivo. sequence: varios, cada uno se muestra al alcanzar el anterior.',
  ],
  'liveness.challenge.sequenceLength': [
    'Objetivos de una secuencia',
    'Cuántos objetivos tiene una secuencia.',
  ],
  'liveness.challenge.revealDelayMinMs': [
    'Siguiente objetivo: espera mínima',
    'Espera mínima antes de que aparezca el siguiente objetivo.',
  ],
  'liveness.challenge.revealDelayMaxMs': [
    'Siguiente objetivo: espera máxima',
    'Espera máxima antes de que aparezca el siguiente objetivo.',
  ],
  'liveness.challenge.sequenceMinVerticalOffset': [
    'Objetivos de secuencia fuera del centro',
    'Los objetivos de una secuencia están al menos a esta distancia por encima o por debajo del centro.',
  ],
  lockout: [
    'Bloqueo tras fallos',
    'Pone el terminal en pausa tras fallos repetidos, hasta que el personal lo quite.',
  ],
  'lockout.maxFailures': [
    'Fallos antes de la pausa',
    'Intentos fallidos dentro del intervalo que ponen el terminal en pausa.',
  ],
  'lockout.windowMs': ['Intervalo', 'El tiempo en el que se cuentan los fallos.'],
  'lockout.autoClearMs': ['Se quita solo tras', 'Vacío: solo el personal quita la pausa.'],
  cloud: ['Verificación en la nube', 'Una segunda opinión de Amazon Rekognition cuando hay red.'],
  'cloud.policy': [
    'Política',
    'off: nunca. advisory: anotar su opinión. required: un éxito local también necesita la nube.',
  ],
  'cloud.region': ['Región de AWS', 'La región de Rekognition, p. ej. eu-west-1.'],
  'cloud.profile': ['Perfil de AWS', 'El perfil de credenciales a usar. Vacío: la cadena predeterminada.'],
  'cloud.endpoint': ['Punto de conexión', 'Otro punto de conexión de Rekognition (pruebas). Vacío: AWS.'],
  'cloud.requestTimeoutMs': ['Límite por solicitud', 'Cuánto puede tardar una llamada.'],
  'cloud.maxAgeMs': ['Rendirse tras', 'Los intentos no verificados en este tiempo se marcan como caducados.'],
  'cloud.retryBaseMs': [
    'Primer reintento tras',
    'Espera antes de reintentar una llamada fallida; se duplica cada vez.',
  ],
  'cloud.retryMaxMs': ['Espera máxima', 'La espera entre reintentos nunca supera este valor.'],
  'cloud.throttleBaseMs': ['Espera al ser limitado', 'Espera después de que AWS pida ir más despacio.'],
  'cloud.requiredWaitMs': [
    'Espera a la nube (required)',
    'Con «required»: cuánto espera el visitante a la nube.',
  ],
  'cloud.requiredFallback': [
    'Si la nube no responde',
    'Con «required»: aceptar o rechazar al visitante cuando no se llega a la nube a tiempo.',
  ],
  'cloud.purgeEvidenceAfterVerification': [
    'Borrar las imágenes clave una vez verificadas',
    'Eliminar las imágenes guardadas de un intento en cuanto la nube lo haya verificado.',
  ],
  'cloud.jpegQuality': ['Calidad de imagen', 'Calidad JPEG de las imágenes enviadas a la nube.'],
  evidence: ['Pruebas', 'Imágenes clave de cada intento guardadas en el terminal, cifradas, para revisión.'],
  'evidence.mode': [
    'Guardar imágenes clave',
    'encrypted: guardarlas cifradas. none: no guardar ninguna imagen.',
  ],
  'evidence.retentionDays': ['Guardar durante', 'Las imágenes clave más antiguas se borran.'],
  'evidence.acceptUnprotectedKey': [
    'Aceptar una clave sin proteger',
    'Guardar pruebas incluso donde el sistema no puede proteger la clave (sin llavero).',
  ],
  staffPin: [
    'PIN del personal (versiones anteriores)',
    'Donde las versiones anteriores guardaban el PIN; trasladado al archivo de credenciales.',
  ],
  'staffPin.hash': ['Hash del PIN', 'Ya no se usa.'],
  'staffPin.failures': ['PIN erróneos', 'Ya no se usa.'],
  'staffPin.lockouts': ['Bloqueos del PIN', 'Ya no se usa.'],
  'staffPin.lockedUntil': ['Bloqueado hasta', 'Ya no se usa.'],
  startAtLogin: ['Iniciar al iniciar sesión', 'Iniciar el terminal cuando su usuario inicia sesión.'],
  updates: [
    'Actualizaciones',
    'Nuevas versiones desde un lugar que controla el personal; desactivadas hasta que se indique una URL.',
  ],
  'updates.url': [
    'URL de actualización',
    'Dónde se publican latest.yml y los paquetes (http o https). Vacío: sin actualizaciones.',
  ],
  'updates.checkEveryHours': ['Comprobar cada', 'Cada cuánto busca el terminal una nueva versión.'],
};

/** Units as staff read them; units not listed (ms, px, %) are the same in every language. */
const UNITS: Readonly<Record<SettingsLanguage, Readonly<Record<string, string>>>> = {
  de: {
    changes: 'Wechsel',
    frames: 'Bilder',
    share: 'Anteil',
    degrees: 'Grad',
    'share of eye distance': 'Anteil des Augenabstands',
    distance: 'Abstand',
    samples: 'Proben',
    bins: 'Klassen',
    factor: 'Faktor',
    ratio: 'Verhältnis',
    targets: 'Ziele',
    attempts: 'Versuche',
    days: 'Tage',
    hours: 'Stunden',
    tries: 'Versuche',
    lockouts: 'Sperren',
    'ms since 1970': 'ms seit 1970',
    index: 'Index',
  },
  fr: {
    changes: 'changements',
    frames: 'images',
    share: 'proportion',
    degrees: 'degrés',
    'share of eye distance': 'part de l’écart des yeux',
    distance: 'distance',
    samples: 'échantillons',
    bins: 'classes',
    factor: 'facteur',
    ratio: 'rapport',
    targets: 'cibles',
    attempts: 'tentatives',
    days: 'jours',
    hours: 'heures',
    tries: 'essais',
    lockouts: 'blocages',
    'ms since 1970': 'ms depuis 1970',
    index: 'indice',
  },
  es: {
    changes: 'cambios',
    frames: 'imágenes',
    share: 'proporción',
    degrees: 'grados',
    'share of eye distance': 'parte de la distancia entre ojos',
    distance: 'distancia',
    samples: 'muestras',
    bins: 'clases',
    factor: 'factor',
    ratio: 'razón',
    targets: 'objetivos',
    attempts: 'intentos',
    days: 'días',
    hours: 'horas',
    tries: 'intentos',
    lockouts: 'bloqueos',
    'ms since 1970': 'ms desde 1970',
    index: 'índice',
  },
};

export const SETTINGS_TEXTS: Readonly<Record<SettingsLanguage, Texts>> = { de, fr, es };

const isSettingsLanguage = (code: string): code is SettingsLanguage =>
  (SETTINGS_LANGUAGES as readonly string[]).includes(code);

/** A setting's label, description and unit in `language` (English where that language has none). */
export function settingText(
  path: string,
  language: string,
): { title: string; description: string; unit?: string } | null {
  const english = (SETTINGS_META as Readonly<Record<string, (typeof SETTINGS_META)[SettingPath]>>)[path];
  if (!english) return null;
  if (!isSettingsLanguage(language)) return { ...english };
  const [title, description] = SETTINGS_TEXTS[language][path as SettingPath];
  const unit = english.unit === undefined ? undefined : (UNITS[language][english.unit] ?? english.unit);
  return unit === undefined ? { title, description } : { title, description, unit };
}

/** Every unit the settings use, for the completeness test. */
export const unitsIn = (language: SettingsLanguage): Readonly<Record<string, string>> => UNITS[language];

const isNode = (v: unknown): v is Readonly<Record<string, unknown>> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The settings sections' JSON Schemas with every title, description and unit in `language`, for
 * the staff panel; the schema itself (what electron-store validates with) stays as it is.
 */
export function localisedSections(
  sections: Readonly<Record<string, unknown>>,
  language: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(sections).map(([key, node]) => [key, localised(node, language, [key])]),
  );
}

function localised(node: unknown, language: string, path: readonly string[]): unknown {
  const inner = withLocalisedChildren(node, language, path);
  const text = settingText(path.join('.'), language);
  return text && isNode(inner) ? { ...inner, ...text } : inner;
}

/** The node with its settings localised; a nullable group's branches sit at the node's own path. */
function withLocalisedChildren(node: unknown, language: string, path: readonly string[]): unknown {
  if (!isNode(node)) return node;
  const { properties, anyOf } = node;
  return {
    ...node,
    ...(isNode(properties)
      ? {
          properties: Object.fromEntries(
            Object.entries(properties).map(([key, child]) => [
              key,
              localised(child, language, [...path, key]),
            ]),
          ),
        }
      : {}),
    ...(Array.isArray(anyOf)
      ? { anyOf: anyOf.map((branch: unknown) => withLocalisedChildren(branch, language, path)) }
      : {}),
  };
}
