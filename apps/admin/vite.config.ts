import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API process at `/admin` (`npm start`), so every asset URL carries that base;
// during `npm run dev` Vite forwards /api to a locally running server.
export default defineConfig({
  base: '/admin/',
  plugins: [react(), tailwindcss()],
  build: { manifest: true, outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
