import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/app.css';
import { viewOf } from './state/app-view';
import { prewarmPanes } from './state/compare-actions';

// The first screen (the Stage) runs two trees: start their workers while React renders.
if (viewOf(window.location.search) === 'stage') prewarmPanes(2);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
