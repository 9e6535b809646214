import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/app.css';
import { viewOf } from './state/app-view';
import { readPresenterUrl } from './state/presenter-url';
import { stage } from './state/stage-actions';

// The first screen (the Stage) runs two trees: start them while React renders the page (not in
// presenter mode, whose deck decides what is shown).
const search = window.location.search;
if (viewOf(search) === 'stage' && !readPresenterUrl(search).present) stage.preload(search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
