import { render } from 'preact';
import { Api } from './api';
import { App } from './app';
import { prefetchCalls } from './calls-query';
import { loadCredentials } from './session';
import './styles.css';

// Opening the calls page signed in: ask for its first page now, while the app renders.
const credentials = loadCredentials();
if (credentials && location.pathname.replace(/\/+$/, '') === '/console')
  prefetchCalls(new Api(credentials), new URLSearchParams(location.search));

const root = document.getElementById('app');
if (!root) throw new Error('the console page has no #app element');
render(<App />, root);
