import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

// TODO(server): `otklik serve` answers the SPA for the folder /help/ instead of its index.html;
// the public help site is a static page, so the SPA sends the visitor there.
if (/^\/help\/?$/.test(location.pathname)) location.replace('/help/index.html' + location.search + location.hash);
else createRoot(document.getElementById('root')!).render(<App />);
