import type { OrgSpec } from './msp';

/**
 * The consortium devnet creates by default: the three member organisations of AllianceLedger with a
 * few demo identities each. Roles are Fabric CA attributes (`role`), which the chaincode may read;
 * the chaincode's own member registry stays the authority for authorization.
 */
export const DEFAULT_ORGANIZATIONS: readonly OrgSpec[] = [
  {
    mspId: 'EcommerceMSP',
    domain: 'ecommerce.example.com',
    users: [
      { name: 'Admin', nodeOU: 'admin' },
      { name: 'store1', nodeOU: 'client', attributes: { role: 'store' } },
      { name: 'store2', nodeOU: 'client', attributes: { role: 'store' } },
      { name: 'buyer1', nodeOU: 'client', attributes: { role: 'buyer' } },
      { name: 'buyer2', nodeOU: 'client', attributes: { role: 'buyer' } },
      { name: 'arbitrator1', nodeOU: 'client', attributes: { role: 'arbitrator' } },
      { name: 'oracle1', nodeOU: 'client', attributes: { role: 'oracle' } },
    ],
  },
  {
    mspId: 'FinanceMSP',
    domain: 'finance.example.com',
    users: [
      { name: 'Admin', nodeOU: 'admin' },
      { name: 'bank1', nodeOU: 'client', attributes: { role: 'bank' } },
      { name: 'bank2', nodeOU: 'client', attributes: { role: 'bank' } },
      { name: 'issuer1', nodeOU: 'client', attributes: { role: 'issuer' } },
      { name: 'auditor1', nodeOU: 'client', attributes: { role: 'auditor' } },
    ],
  },
  {
    mspId: 'EnergyMSP',
    domain: 'energy.example.com',
    users: [
      { name: 'Admin', nodeOU: 'admin' },
      { name: 'producer1', nodeOU: 'client', attributes: { role: 'energy_producer' } },
      { name: 'consumer1', nodeOU: 'client', attributes: { role: 'energy_consumer' } },
      { name: 'meter1', nodeOU: 'client', attributes: { role: 'oracle' } },
    ],
  },
];

export const DEFAULT_CHANNEL = 'alliance';
