/** @type {import('jest').Config} */
module.exports = {
  displayName: require('./package.json').name,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done by `tsc --build`; tests only transpile, which keeps them fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  setupFiles: ['<rootDir>/jest.setup.js'],
};
