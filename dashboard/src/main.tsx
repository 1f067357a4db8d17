// Entry: take the access key out of the pairing link, ask who is logged in (not on paired screens),
// pick the page from the path, render.
import { render } from 'preact';
import { captureAccessKey } from './access-key.ts';
import { App } from './app.tsx';
import { routeOf } from './route.ts';
import { loadSession } from './session.ts';

captureAccessKey();
void loadSession();
const root = document.getElementById('app');
if (root) render(<App route={routeOf(location.pathname)} />, root);
