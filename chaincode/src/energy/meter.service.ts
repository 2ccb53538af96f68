import {
  FeedKind,
  ListMetersInput,
  MeterRefInput,
  MeterSide,
  Org,
  RegisterMeterInput,
  Role,
  type MeterRecord,
} from '@allianceledger/contract';
import { requireActive } from '../finance/finance.store';
import { authorize, callerOf, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import type { Page } from '../lib/ledger';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { withParties } from '../members/handle.store';
import { loadFeed } from '../oracles/oracle.store';
import { createMeter, EnergyIndex, listEnergy, loadMeter, meterExists, meterOfFeed } from './energy.store';

/**
 * Meters (DOMAIN.md §7): the grid organisation — EnergyMSP's admin — binds a meter to the producer or
 * consumer it measures and to the METER_READING feed its readings come through. A meter never changes
 * once registered; one feed reads one meter.
 */

/** Who reads a party's meters: the party, the grid organisation, auditors. */
function meterReaders(party: string): ReturnType<typeof grant.member>[] {
  return [grant.member(party), grant.orgAdmin(Org.ENERGY), grant.role(Role.AUDITOR)];
}

/** The role a meter's party needs for its side. */
const SIDE_ROLE = { [MeterSide.PRODUCER]: Role.ENERGY_PRODUCER, [MeterSide.CONSUMER]: Role.ENERGY_CONSUMER } as const;

/** RegisterMeter: EnergyMSP's admin registers a meter of a producer or consumer on a meter feed. */
export async function registerMeter(ctx: AllianceContext, input: string): Promise<MeterRecord> {
  const req = await withParties(ctx, parseInput(input, RegisterMeterInput), ['party']);
  await authorize(ctx, 'RegisterMeter', [grant.orgAdmin(Org.ENERGY)]);
  if (await meterExists(ctx, req.meterId)) throw fail.conflict('the meter id is taken', { meterId: req.meterId });
  await requireActive(ctx, req.party, SIDE_ROLE[req.side]);
  const feed = await loadFeed(ctx, req.feedId);
  if (feed.kind !== FeedKind.METER_READING || feed.scale !== 0) {
    throw fail.invalid('a meter reads a METER_READING feed of scale 0 (Wh)', { field: 'input.feedId' });
  }
  if (feed.oracles.includes(req.party)) {
    // A party reporting its own deliveries or use would set what it is paid or pays.
    throw fail.illegalState("the meter's party is an oracle of the feed: it may not read its own meter", {
      feedId: req.feedId,
      party: req.party,
    });
  }
  const other = await meterOfFeed(ctx, req.feedId);
  if (other !== undefined)
    throw fail.conflict('the feed already reads another meter', { feedId: req.feedId, meterId: other });
  const meter: MeterRecord = {
    meterId: req.meterId,
    party: req.party,
    side: req.side,
    feedId: req.feedId,
    registeredBy: callerOf(ctx).party,
    registeredAt: txTime(ctx).iso,
  };
  await createMeter(ctx, meter);
  // The event reaches whoever reads the meter (meterReaders): its party and the grid organisation.
  emit(ctx, EventName.METER_REGISTERED, audience([meter.party], { orgAdmins: [Org.ENERGY] }), meter);
  return meter;
}

/** GetMeter: its party, the grid organisation, auditors. */
export async function getMeter(ctx: AllianceContext, input: string): Promise<MeterRecord> {
  const req = parseInput(input, MeterRefInput);
  const meter = await loadMeter(ctx, req.meterId);
  await authorize(ctx, 'GetMeter', meterReaders(meter.party));
  return meter;
}

/** ListMeters: a party's meters (default the caller's), for the party, the grid organisation, auditors. */
export async function listMeters(ctx: AllianceContext, input: string): Promise<Page<MeterRecord>> {
  const req = await withParties(ctx, parseInput(input, ListMetersInput), ['party']);
  const party = req.party ?? callerOf(ctx).party;
  await authorize(ctx, 'ListMeters', meterReaders(party));
  return listEnergy(ctx, EnergyIndex.meterParty, 'meter', [party], pageRequest(req));
}

/**
 * The meter `meterId` of `party` on `side`: INVALID_ARGUMENT naming `field` when it is another party's
 * or measures the other side.
 */
export async function ownMeter(
  ctx: AllianceContext,
  meterId: string,
  party: string,
  side: MeterSide,
  field: string,
): Promise<MeterRecord> {
  const meter = await loadMeter(ctx, meterId);
  if (meter.party !== party || meter.side !== side) {
    throw fail.invalid(`name your own ${side} meter`, { field });
  }
  return meter;
}
