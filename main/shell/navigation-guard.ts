import type { App, WebContents } from 'electron';

/*
 * App-wide, for every web contents Electron ever creates (the kiosk window, the error screen, anything
 * a bug or an attacker opens): no navigation away, no new windows, no <webview>. The kiosk's page is
 * loaded by main with loadURL, which is not a navigation the page asked for, so nothing legitimate
 * is refused.
 */

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardAllWebContents(
  app: Pick<App, 'on'>,
  log: (event: string, detail: Record<string, unknown>) => void,
): void {
  app.on('web-contents-created', (_event: unknown, contents: GuardedContents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      log('shell.navigation_denied', { url });
    });
    contents.on('will-redirect', (event, url) => {
      event.preventDefault();
      log('shell.redirect_denied', { url });
    });
    contents.setWindowOpenHandler(({ url }) => {
      log('shell.window_open_denied', { url });
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log('shell.webview_denied', {});
    });
  });
}
