import { percentOfCents } from './money.ts';
import { addonCodes, proteinCodes } from './settings.ts';
import type { AddonCode, ProteinCode, Settings } from './settings.ts';
import { computeTravelFee } from './travel.ts';

export const travelSources = ['estimate', 'google', 'openrouteservice', 'osrm'] as const;
export type TravelSource = (typeof travelSources)[number];

export const proteinSelectionStatuses = ['complete', 'pending', 'mismatch'] as const;
export type ProteinSelectionStatus = (typeof proteinSelectionStatuses)[number];

export const quoteIssueCodes = ['PROTEIN_PICKS_MISMATCH', 'NO_GUESTS'] as const;
export type QuoteIssueCode = (typeof quoteIssueCodes)[number];

export type QuoteInput = {
  adults: number;
  children: number;
  toddlers: number;
  /** Base picks: proteinsPerGuest per adult and child. */
  proteins?: Partial<Record<ProteinCode, number>>;
  /** Paid extras on top of the base picks. */
  extraProteins?: Partial<Record<ProteinCode, number>>;
  addons?: Partial<Record<AddonCode, number>>;
};

export type QuoteLine = {
  code: string;
  label: string;
  quantity: number;
  unitCents: number;
  totalCents: number;
};

export type QuoteComputation = {
  lines: QuoteLine[];
  foodSubtotalCents: number;
  minimumApplied: boolean;
  travel: {
    miles: number;
    billableMiles: number;
    feeCents: number;
    source: TravelSource;
    withinServiceArea: boolean;
  };
  taxableCents: number;
  taxCents: number;
  totalCents: number;
  depositCents: number;
  balanceCents: number;
  gratuitySuggestions: { percent: number; cents: number }[];
  proteinSelection: {
    required: number;
    selected: number;
    status: ProteinSelectionStatus;
    message?: string;
  };
  issues: { code: QuoteIssueCode; message: string }[];
};

function line(options: {
  code: string;
  label: string;
  quantity: number;
  unitCents: number;
}): QuoteLine {
  return { ...options, totalCents: options.quantity * options.unitCents };
}

function count(value: number | undefined): number {
  return value !== undefined && value > 0 ? value : 0;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeProteinSelection(options: {
  guests: number;
  required: number;
  selected: number;
  perGuest: number;
}): QuoteComputation['proteinSelection'] {
  const { guests, required, selected, perGuest } = options;
  const need = `${plural(guests, 'guest needs', 'guests need')} ${plural(required, 'protein pick', 'protein picks')} (${perGuest} each)`;
  if (selected === required) return { required, selected, status: 'complete' };
  if (selected === 0) {
    // Upgrades cannot be priced before picks exist, so a pending quote excludes them.
    return {
      required,
      selected,
      status: 'pending',
      message: `${need}; none chosen yet. Premium upgrades will be added once proteins are picked.`,
    };
  }
  // Spec §2: explain the mismatch instead of guessing the missing or surplus picks.
  const chosen = `${plural(selected, 'was', 'were')} chosen`;
  return {
    required,
    selected,
    status: 'mismatch',
    message:
      required === 0
        ? `Protein picks are only needed for guests 6 and older; ${chosen}.`
        : `${need}; ${chosen}.`,
  };
}

/**
 * The one quote engine (spec §2) used by the browser calculator, the server and agents.
 * Input is already validated by the API; missing counts read as 0.
 */
export function computeQuote(options: {
  input: QuoteInput;
  settings: Settings;
  travel: { miles: number; source: TravelSource };
}): QuoteComputation {
  const { input, settings } = options;
  const pricing = settings.pricing;
  const adults = count(input.adults);
  const children = count(input.children);
  const toddlers = count(input.toddlers);

  const lines: QuoteLine[] = [];
  if (adults > 0) {
    lines.push(
      line({
        code: 'adult',
        label: 'Adult (13+)',
        quantity: adults,
        unitCents: pricing.adultCents,
      }),
    );
  }
  if (children > 0) {
    lines.push(
      line({
        code: 'child',
        label: 'Child (6–12)',
        quantity: children,
        unitCents: pricing.childCents,
      }),
    );
  }
  if (toddlers > 0) {
    lines.push(
      line({
        code: 'toddler',
        label: 'Child 5 and under',
        quantity: toddlers,
        unitCents: pricing.toddlerCents,
      }),
    );
  }

  const picks = input.proteins ?? {};
  let selected = 0;
  for (const code of proteinCodes) {
    const quantity = count(picks[code]);
    selected += quantity;
    const protein = pricing.proteins[code];
    if (quantity > 0 && protein.premiumCents > 0) {
      lines.push(
        line({
          code: `upgrade:${code}`,
          label: `${protein.label} upgrade`,
          quantity,
          unitCents: protein.premiumCents,
        }),
      );
    }
  }

  const extras = input.extraProteins ?? {};
  for (const code of proteinCodes) {
    const quantity = count(extras[code]);
    const protein = pricing.proteins[code];
    if (quantity > 0) {
      lines.push(
        line({
          code: `extra:${code}`,
          label: `Extra ${protein.label}`,
          quantity,
          unitCents: pricing.extraProteinCents + protein.premiumCents,
        }),
      );
    }
  }

  const addons = input.addons ?? {};
  for (const code of addonCodes) {
    const quantity = count(addons[code]);
    const addon = pricing.addons[code];
    if (quantity > 0) {
      lines.push(line({ code, label: addon.label, quantity, unitCents: addon.cents }));
    }
  }

  const guestCount = adults + children + toddlers;
  const beforeMinimum = lines.reduce((sum, l) => sum + l.totalCents, 0);
  const minimumApplied = guestCount > 0 && beforeMinimum < pricing.partyMinimumCents;
  if (minimumApplied) {
    const difference = pricing.partyMinimumCents - beforeMinimum;
    lines.push(
      line({
        code: 'minimum_adjustment',
        label: 'Party minimum adjustment',
        quantity: 1,
        unitCents: difference,
      }),
    );
  }
  const foodSubtotalCents = lines.reduce((sum, l) => sum + l.totalCents, 0);

  const travelFee = computeTravelFee({ miles: options.travel.miles, settings: settings.travel });
  // Spec §2: tax on food, upgrades and add-ons after the minimum; never on travel or gratuity.
  const taxableCents = foodSubtotalCents;
  const taxCents = percentOfCents(taxableCents, pricing.taxRateBasisPoints);
  const totalCents = foodSubtotalCents + travelFee.feeCents + taxCents;
  const depositCents = Math.min(pricing.depositCents, totalCents);

  const proteinSelection = describeProteinSelection({
    guests: adults + children,
    required: pricing.proteinsPerGuest * (adults + children),
    selected,
    perGuest: pricing.proteinsPerGuest,
  });

  const issues: QuoteComputation['issues'] = [];
  if (guestCount === 0) {
    issues.push({ code: 'NO_GUESTS', message: 'Add at least one guest to get a quote.' });
  }
  if (proteinSelection.status === 'mismatch' && proteinSelection.message !== undefined) {
    issues.push({ code: 'PROTEIN_PICKS_MISMATCH', message: proteinSelection.message });
  }

  return {
    lines,
    foodSubtotalCents,
    minimumApplied,
    travel: { ...travelFee, source: options.travel.source },
    taxableCents,
    taxCents,
    totalCents,
    depositCents,
    balanceCents: totalCents - depositCents,
    gratuitySuggestions: pricing.gratuityPercents.map((percent) => ({
      percent,
      cents: percentOfCents(foodSubtotalCents, percent * 100),
    })),
    proteinSelection,
    issues,
  };
}
