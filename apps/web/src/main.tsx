import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { applyBrandColour } from './lib/brand';
import { BRAND } from './lib/env';
import { createCreditsQueryClient } from '@credits/react';
import { session } from './lib/session';
import '@credits/react/styles.css';
import './styles.css';

applyBrandColour(BRAND.color);
session.init();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App router={BrowserRouter} queryClient={createCreditsQueryClient()} />
  </StrictMode>,
);
