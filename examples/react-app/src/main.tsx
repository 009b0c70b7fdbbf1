/** @jsxImportSource react */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HarkProvider } from '@hark/react';
import { App } from './App';
import { harkConfig } from './harkConfig';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HarkProvider config={harkConfig}>
      <App />
    </HarkProvider>
  </StrictMode>,
);
