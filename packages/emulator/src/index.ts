/** `@pluggy-kit/emulator`: a local Pluggy (REST API, sandbox connectors, webhooks, Connect page). */
export { startEmulator, type Emulator, type EmulatorOptions } from './start-emulator.js';
export { DEV_CLIENT, parseClientPairs, type ClientCredentials } from './auth/clients.js';
export type { EmulatorClock, ScheduledTask } from './clock.js';
export type { EmulatorControls, EmulatorItemView } from './controls/emulator-controls.js';
export type { SyncResult } from './items/auto-sync.js';
export type { Fault } from './faults.js';
export type { Deprecations } from './deprecations.js';
export type { IssuedApiKey } from './auth/issued-api-keys.js';
