import { describeChunkRetry } from './bundled-chunk.js';

// A page of its own: nothing imported the open flow (connect-controller) before (see bundled-chunk.ts).
describeChunkRetry('open-flow', 'internal/connect-controller');
