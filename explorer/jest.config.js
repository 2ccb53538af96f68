/** @type {import('jest').Config} */
module.exports = {
  displayName: require('./package.json').name,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  // The modules the bundle takes from the other workspaces' sources (vite.config.mts aliases them the same way).
  moduleNameMapper: {
    '^@allianceledger/fabric-protocol/block-header$': '<rootDir>/../fabric-protocol/src/protocol/block-header.ts',
    '^@allianceledger/contract/merkle$': '<rootDir>/../contract/src/merkle.ts',
  },
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: {
          isolatedModules: true,
          module: 'commonjs',
          moduleResolution: 'node',
          jsx: 'react-jsx',
          jsxImportSource: 'preact',
          esModuleInterop: true,
        },
      },
    ],
  },
};
