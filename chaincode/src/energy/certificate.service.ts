import {
  CertificateRefInput,
  ListCertificatesInput,
  RetireCertificateInput,
  Role,
  TransferCertificateInput,
} from '@allianceledger/contract';
import { requireActive } from '../finance/finance.store';
import { authorize, callerOf, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import type { Page } from '../lib/ledger';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { withParties } from '../members/handle.store';
import { EnergyIndex, listEnergy, loadCertificate, saveCertificate, type GreenCertificateRecord } from './energy.store';
import { CertificateAction, CertificateMachine } from './energy.states';

/**
 * Green certificates: minted ACTIVE to the consumer when a renewable window settles (settlement.service.ts),
 * one record per purchase carrying its whole-MWh units. The owner may give one to another member, or
 * retire it to claim the energy; a retired certificate never moves or retires again, so a MWh is
 * claimed at most once. Each certificate is one key: it is counted once whoever holds it.
 */

/** GetCertificate: its owner, its producer, auditors. */
export async function getCertificate(ctx: AllianceContext, input: string): Promise<GreenCertificateRecord> {
  const req = parseInput(input, CertificateRefInput);
  const certificate = await loadCertificate(ctx, req.certificateId);
  await authorize(ctx, 'GetCertificate', [
    grant.member(certificate.owner),
    grant.member(certificate.producer),
    grant.role(Role.AUDITOR),
  ]);
  return certificate;
}

/** ListCertificates: an owner's certificates (default the caller's), active and retired, for it and auditors. */
export async function listCertificates(ctx: AllianceContext, input: string): Promise<Page<GreenCertificateRecord>> {
  const req = await withParties(ctx, parseInput(input, ListCertificatesInput), ['owner']);
  const owner = req.owner ?? callerOf(ctx).party;
  await authorize(ctx, 'ListCertificates', [grant.member(owner), grant.role(Role.AUDITOR)]);
  return listEnergy(ctx, EnergyIndex.certificateOwner, 'certificate', [owner], pageRequest(req));
}

/** TransferCertificate: the owner gives an active certificate to another active member. */
export async function transferCertificate(ctx: AllianceContext, input: string): Promise<GreenCertificateRecord> {
  const req = await withParties(ctx, parseInput(input, TransferCertificateInput), ['to']);
  const current = await loadCertificate(ctx, req.certificateId);
  await authorize(ctx, 'TransferCertificate', [grant.member(current.owner)]);
  const status = nextState(CertificateMachine, current.status, CertificateAction.TRANSFER);
  if (req.to === current.owner)
    throw fail.invalid('the certificate already belongs to that party', { field: 'input.to' });
  await requireActive(ctx, req.to);
  const certificate: GreenCertificateRecord = { ...current, owner: req.to, status, updatedAt: txTime(ctx).iso };
  await saveCertificate(ctx, certificate, current);
  // Its events reach those who read it (GetCertificate): its owners and its producer.
  emit(
    ctx,
    EventName.CERTIFICATE_TRANSFERRED,
    audience([current.owner, certificate.owner, certificate.producer]),
    certificate,
  );
  return certificate;
}

/** RetireCertificate: the owner claims the certificate's renewable energy, once. */
export async function retireCertificate(ctx: AllianceContext, input: string): Promise<GreenCertificateRecord> {
  const req = parseInput(input, RetireCertificateInput);
  const current = await loadCertificate(ctx, req.certificateId);
  const { caller } = await authorize(ctx, 'RetireCertificate', [grant.member(current.owner)]);
  const status = nextState(CertificateMachine, current.status, CertificateAction.RETIRE);
  const now = txTime(ctx).iso;
  const certificate: GreenCertificateRecord = {
    ...current,
    status,
    retirement: { by: caller.party, claim: req.claim, txId: ctx.stub.getTxID(), at: now },
    updatedAt: now,
  };
  await saveCertificate(ctx, certificate, current);
  emit(ctx, EventName.CERTIFICATE_RETIRED, audience([certificate.owner, certificate.producer]), certificate);
  return certificate;
}
