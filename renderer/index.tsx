import { render } from 'preact';

function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', color: '#fff', padding: '4rem', fontSize: '2rem' }}>
      <h1>Liveness kiosk</h1>
      <p>Starting…</p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
