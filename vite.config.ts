import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig(({ command }) => {
  // A build inherits NODE_ENV from whoever starts it (vitest sets "test"), and anything but
  // "production" ships React's development bundle. Vite reads NODE_ENV after loading this file.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: 'web',
    plugins: [react(), tailwindcss()],
    build: { outDir: 'dist', emptyOutDir: true },
    server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  };
});
