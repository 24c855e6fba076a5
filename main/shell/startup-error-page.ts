/*
 * The plain screen staff see when the kiosk cannot start: what failed and what to do, no script,
 * no kiosk page behind it. Served as a data: URL so it needs nothing from the app's files.
 */

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export interface StartupProblem {
  readonly stage: string;
  readonly message: string;
  readonly advice: string;
}

export function startupErrorPage(problem: StartupProblem, logDir: string): string {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Kiosk out of service</title>
<style>body{font:20px/1.5 system-ui,sans-serif;background:#0b1020;color:#f4f6fb;margin:8vh 10vw}
h1{font-size:36px}code,pre{background:#1c2440;padding:2px 6px;white-space:pre-wrap}</style></head>
<body><h1>This kiosk is out of service</h1>
<p>Visitors: please ask a member of staff.</p>
<h2>For staff</h2>
<p data-stage="${escape(problem.stage)}">The kiosk could not start (${escape(problem.stage)}).</p>
<pre>${escape(problem.message)}</pre>
<p>${escape(problem.advice)}</p>
<p>Details are in the log: <code>${escape(logDir)}</code>. Restart the kiosk when it is fixed.</p>
</body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
