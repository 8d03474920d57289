import { describeChunkRetry } from './bundled-chunk.js';

// A page of its own: nothing imported the SDK before (see bundled-chunk.ts).
describeChunkRetry('SDK', '__prebundled__/pluggy-connect-sdk');
