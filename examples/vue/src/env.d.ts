// Typed <pluggy-connect-button> in templates: attributes and `@pluggy-*` event payloads.
import '@pluggy-kit/connect-button/vue';
