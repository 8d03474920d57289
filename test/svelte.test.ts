import { describeHost } from './helpers/scenarios.js';

describeHost('svelte');
