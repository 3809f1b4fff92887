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

render(<App />, document.getElementById('app')!);
