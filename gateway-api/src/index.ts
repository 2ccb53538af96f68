/** AllianceLedger REST gateway: lands with the gateway issue. */
export {};
