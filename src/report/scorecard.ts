// Campaign scorecards: each KPI's actual against its target, and the pace against the share of
// the campaign's time that has passed — a campaign 40 % through should have 40 % of a count.
// Rates (engagement-rate) are not cumulative: they compare with the target as they are.
import type { Campaign, KpiMetric } from '../calendar/model.js';
import type { WebRow } from '../analytics/web.js';
import { totals } from './group.js';
import type { Row } from './rows.js';

export type PaceStatus = 'met' | 'on track' | 'behind' | 'missed' | 'not started' | 'below' | 'no dates' | 'not measured';

export interface KpiResult {
  name: string;
  metric?: KpiMetric;
  target: number;
  unit?: string;
  /** Undefined when the KPI has no metric, or nothing measures it (no rate without followers). */
  actual?: number;
  /** Where a count should be by now: target × elapsed share. */
  expected?: number;
  status: PaceStatus;
  /** For behind / missed / below: how far short, as a share (0.18 = 18 %). */
  short?: number;
}

export interface BoostResult {
  post: string;
  account?: string;
  amount: number;
  engagements: number;
  costPerEngagement?: number;
}

export interface Scorecard {
  campaign: string;
  name: string;
  objective?: string;
  owner?: string;
  starts?: string;
  ends?: string;
  /** Share of the campaign's time passed at `now`, 0–1; undefined without both dates. */
  elapsed?: number;
  posts: number;
  engagements: number;
  impressions?: number;
  rate?: number;
  sessions?: number;
  conversions?: number;
  kpis: KpiResult[];
  budget?: {
    amount?: number;
    currency?: string;
    /** The amount, else the boosts added up. */
    spend: number;
    costPerEngagement?: number;
    boosts: BoostResult[];
  };
}

/** Share of [starts, ends] passed at `now`, clamped to 0–1. */
export function elapsedShare(campaign: Pick<Campaign, 'starts' | 'ends'>, now: Date): number | undefined {
  if (!campaign.starts || !campaign.ends) return undefined;
  const span = campaign.ends.getTime() - campaign.starts.getTime();
  if (span <= 0) return now >= campaign.ends ? 1 : 0;
  return Math.min(1, Math.max(0, (now.getTime() - campaign.starts.getTime()) / span));
}

/** utm_campaign the campaign's links carry (src/calendar/render.ts): its own value, else its id. */
export function utmCampaignOf(campaign: Campaign): string {
  return campaign.utm?.campaign ?? campaign.id;
}

export function scorecard(campaign: Campaign, rows: readonly Row[], web: readonly WebRow[], now: Date): Scorecard {
  const mine = rows.filter((r) => r.campaign === campaign.id);
  const t = totals(mine);
  const utm = utmCampaignOf(campaign);
  const visits = web.filter((w) => w.campaign === utm);
  const sessions = visits.length ? visits.reduce((s, w) => s + w.sessions, 0) : undefined;
  const withConversions = visits.filter((w) => w.conversions !== undefined);
  const conversions = withConversions.length ? withConversions.reduce((s, w) => s + w.conversions!, 0) : undefined;
  const elapsed = elapsedShare(campaign, now);
  const actualOf = (metric: KpiMetric): number | undefined => {
    switch (metric) {
      case 'posts':
        return t.posts;
      case 'engagements':
        return t.engagements;
      case 'impressions':
        return t.impressions;
      case 'engagement-rate':
        return t.rate;
      case 'sessions':
        return sessions;
      case 'conversions':
        return conversions;
      default:
        return mine.some((r) => r.counts[metric] !== undefined) ? mine.reduce((s, r) => s + (r.counts[metric] ?? 0), 0) : undefined;
    }
  };
  const kpis = campaign.kpis.map((k): KpiResult => {
    const base = { name: k.name, ...(k.metric ? { metric: k.metric } : {}), target: k.target, ...(k.unit ? { unit: k.unit } : {}) };
    if (!k.metric) return { ...base, status: 'not measured' };
    const actual = actualOf(k.metric);
    if (actual === undefined) return { ...base, status: 'not measured' };
    return { ...base, actual, ...pace(k.metric, actual, k.target, elapsed) };
  });
  const budget = campaign.budget;
  return {
    campaign: campaign.id,
    name: campaign.name,
    ...(campaign.objective ? { objective: campaign.objective } : {}),
    ...(campaign.owner ? { owner: campaign.owner } : {}),
    ...(campaign.startsText ? { starts: campaign.startsText } : {}),
    ...(campaign.endsText ? { ends: campaign.endsText } : {}),
    ...(elapsed !== undefined ? { elapsed } : {}),
    posts: t.posts,
    engagements: t.engagements,
    ...(t.impressions !== undefined ? { impressions: t.impressions } : {}),
    ...(t.rate !== undefined ? { rate: t.rate } : {}),
    ...(sessions !== undefined ? { sessions } : {}),
    ...(conversions !== undefined ? { conversions } : {}),
    kpis,
    ...(budget ? { budget: budgetResult(budget, t.engagements, rows) } : {}),
  };
}

function pace(metric: KpiMetric, actual: number, target: number, elapsed: number | undefined): Pick<KpiResult, 'status' | 'expected' | 'short'> {
  if (metric === 'engagement-rate') {
    return actual >= target ? { status: 'met' } : { status: 'below', short: target ? 1 - actual / target : 0 };
  }
  if (actual >= target) return { status: 'met' };
  if (elapsed === undefined) return { status: 'no dates', short: 1 - actual / target };
  if (elapsed === 0) return { status: 'not started' };
  if (elapsed === 1) return { status: 'missed', short: 1 - actual / target };
  const expected = target * elapsed;
  return actual >= expected ? { status: 'on track', expected } : { status: 'behind', expected, short: 1 - actual / expected };
}

function budgetResult(budget: NonNullable<Campaign['budget']>, engagements: number, rows: readonly Row[]): NonNullable<Scorecard['budget']> {
  const boosts = budget.boosts.map((b): BoostResult => {
    const boosted = rows.filter((r) => r.post === b.post && (b.account === undefined || r.account === b.account));
    const e = boosted.reduce((s, r) => s + r.engagements, 0);
    return { post: b.post, ...(b.account ? { account: b.account } : {}), amount: b.amount, engagements: e, ...(e > 0 ? { costPerEngagement: b.amount / e } : {}) };
  });
  const spend = budget.amount ?? budget.boosts.reduce((s, b) => s + b.amount, 0);
  return {
    ...(budget.amount !== undefined ? { amount: budget.amount } : {}),
    ...(budget.currency ? { currency: budget.currency } : {}),
    spend,
    ...(engagements > 0 ? { costPerEngagement: spend / engagements } : {}),
    boosts,
  };
}
