/** One Jest run over every workspace; each workspace has its own project config. */
module.exports = {
  projects: [
    '<rootDir>/contract',
    '<rootDir>/fabric-protocol',
    '<rootDir>/devnet',
    '<rootDir>/chaincode',
    '<rootDir>/explorer',
    '<rootDir>/gateway-api',
    '<rootDir>/client',
  ],
  testTimeout: 30000,
};
