import { render } from 'preact';
import { uiLang } from '@/components/i18n';
import SidePanelApp from '@/components/SidePanelApp';
import '@/components/theme.css';
import './sidepanel.css';

document.documentElement.lang = uiLang();
const root = document.getElementById('app');
if (root) render(<SidePanelApp />, root);
