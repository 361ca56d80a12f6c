import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App.tsx';
import './styles.css';

// The schemas' own messages are French; zod's generic ones too.
z.config(z.locales.fr());

const root = document.getElementById('racine');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
