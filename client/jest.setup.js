// fabric-contract-api logs every decorator at info level when contracts load; keep test output readable.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'WARNING';
