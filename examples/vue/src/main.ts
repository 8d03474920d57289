import '@pluggy-kit/connect-button/define';
import { createApp } from 'vue';
import { loadSiteConfig } from './api';
import App from './App.vue';
import './style.css';

const config = await loadSiteConfig();
createApp(App, { connectUrl: config.connectUrl }).mount('#app');
