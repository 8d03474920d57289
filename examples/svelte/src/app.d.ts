// Typed <pluggy-connect-button> in markup: attributes and `onpluggy-*` event payloads.
import '@pluggy-kit/connect-button/svelte';
