import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { keepTypedPixelData } from './scripts/lib/keep-typed-pixel-data.ts';
import { precompressAssets } from './scripts/lib/precompress-assets.ts';

const gateway = `http://127.0.0.1:${process.env['PORT'] ?? '8080'}`;

export default defineConfig({
  plugins: [react(), keepTypedPixelData(), precompressAssets()],
  resolve: {
    alias: {
      // The loader's worker module is not in its package exports; workers/ wraps it as our own entry point.
      'cornerstone-decode-worker': fileURLToPath(
        new URL('./node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js', import.meta.url),
      ),
      // Its decoders, the same modules the worker module imports (workers/codec-initializers.ts readies them).
      'cornerstone-decoders': fileURLToPath(new URL('./node_modules/@cornerstonejs/dicom-image-loader/dist/esm/shared/decoders', import.meta.url)),
    },
  },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/core',
      '@cornerstonejs/metadata',
      '@cornerstonejs/tools',
    ],
  },
  worker: { format: 'es' },
  // The manifest lets the gateway preload the viewer's chunks on viewer URLs (server/http/index-html.ts).
  build: {
    target: 'es2022',
    // Source maps would publish the sources next to the app (e2e/production-build.spec.ts checks there are none).
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    manifest: true,
    rolldownOptions: {
      // launch.ts: the first script of a viewer page, added by the gateway (server/http/index-html.ts).
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), launch: fileURLToPath(new URL('./src/app/launch.ts', import.meta.url)) },
    },
  },
  server: {
    // `npm run dev`: the gateway (npm start) serves config, health and the DICOMweb proxy. changeOrigin:
    // requests carry the gateway's own Host, the only one its Host check answers by default.
    proxy: Object.fromEntries(['/dicom-web', '/sources', '/api', '/app-config.json'].map((path) => [path, { target: gateway, changeOrigin: true }])),
  },
});
