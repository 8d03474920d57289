import '@pluggy-kit/connect-button/define';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadSiteConfig } from './lib/api';
import './style.css';

const config = await loadSiteConfig();
mount(App, { target: document.getElementById('app')!, props: { connectUrl: config.connectUrl } });
