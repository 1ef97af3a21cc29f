import { defineConfig } from 'vitest/config';

// Unit tests of the pure front-end modules. They run in Node (no DOM): the modules
// under test take their collaborators (server settings, fetch) as arguments.
export default defineConfig({
  test: {
    include: ['src/**/__tests__/**/*.spec.ts'],
    environment: 'node'
  }
});
