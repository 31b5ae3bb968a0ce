// The renderer's entry: gets the typed API (preload or bridge, it does not ask which) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api';
import { ApiProvider } from './app/api-context';
import { App } from './app/app';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={connectApi()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
