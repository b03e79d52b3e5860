import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The privacy promise, enforced by the browser: scripts, workers, fetches and images may come
 * from this origin only (blob: and data: stay inside the page). 'wasm-unsafe-eval' lets the
 * wasm backend compile its module; styles allow inline attributes, which cannot send anything.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy in the built index.html, so it holds on any static host. The dev server is
 * left alone: its hot reload needs inline scripts and a websocket.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'shelfwise-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // Relative asset paths: the built site works from any folder of any static host.
  base: './',
  // The one path alias (also in tsconfig.base.json): src/shared, the code both threads load.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)) } },
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      // Registered by src/app/offline.ts (workbox-window), which drives the offline indicator.
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        name: 'Shelfwise — private product classifier',
        short_name: 'Shelfwise',
        description: 'Train and run a product classifier inside your browser.',
        start_url: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        // The whole app, the wasm kernels, the shipped image models, taxonomies and the demo:
        // after the first visit everything works with the network off.
        globPatterns: ['**/*.{html,js,css,wasm,json,bin,svg,csv,webmanifest}'],
        // The larger shard of the image model is 4 MB.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // Refuses requests to other origins, from the page and from its workers alike.
        importScripts: ['sw-guard.js'],
      },
    }),
  ],
  // Written into exported model bundles and projects (src/shared/app-version.ts).
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'comlink',
      'idb',
      'papaparse',
      'workbox-window',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  // vite preview (and the e2e tests) also send the policy as a header, which covers the
  // worker scripts as well; a static host should do the same (see the README).
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
