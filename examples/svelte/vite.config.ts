import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The site backend (the token server) serves /api; the dev server and `vite preview` both forward to it,
// so the page, its cookie session and the SSE stream stay same-origin.
const backend = process.env.PLUGGY_KIT_SERVER_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: backend, changeOrigin: false } };

export default defineConfig({
  plugins: [svelte()],
  server: { proxy },
  preview: { proxy },
});
