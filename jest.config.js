/** One Jest run over every workspace; each workspace has its own config. */
module.exports = {
  projects: ['<rootDir>/devnet', '<rootDir>/chaincode', '<rootDir>/gateway-api'],
};
