import { defineConfig } from 'vite';

// No React plugin: esbuild compiles TSX with the automatic JSX runtime.
// `npm run dev` proxies the API to a local `otklik serve` (OTKLIK_URL, default :8080).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: { manualChunks: { react: ['react', 'react-dom'] } },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.OTKLIK_URL ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
