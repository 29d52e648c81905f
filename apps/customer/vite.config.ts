import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs on the same origin in production (`npm start` serves dist/ at `/`);
// during `npm run dev` Vite forwards /api to a locally running server.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: { manifest: true, outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
