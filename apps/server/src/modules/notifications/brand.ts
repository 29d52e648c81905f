/**
 * How transactional email looks and whom it names. The constants below are the fallback;
 * the station's brand settings, its address and the mail configuration override them.
 */
export interface Brand {
  name: string;
  tagline: string;
  /** Header, buttons and links; white text on it passes WCAG AA (contrast ≥ 4.5). */
  primaryColor: string;
  textColor: string;
  mutedColor: string;
  backgroundColor: string;
  contactEmail: string;
  contactPhone: string;
  websiteUrl: string;
  postalAddress: string;
}

export const DEFAULT_BRAND: Brand = {
  name: 'Teppan Hibachi',
  tagline: 'Hibachi chefs, cooking at your place',
  primaryColor: '#B91C1C',
  textColor: '#1F2937',
  mutedColor: '#4B5563',
  backgroundColor: '#F3F4F6',
  contactEmail: 'bookings@teppan.local',
  contactPhone: '(510) 555-0100',
  websiteUrl: 'http://localhost:3000',
  postalAddress: '39650 Liberty Ave, Fremont, CA 94538',
};

/** `Name <a@b>` or `a@b` → the bare address, or null when there is none. */
export function emailAddressOf(from: string): string | null {
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(from);
  return match?.[1] ?? null;
}

export function brandFor(options: {
  publicBaseUrl?: string;
  mailFrom?: string;
  station?: { address?: string } | null;
  /** The station's `brand` settings (any subset). */
  brand?:
    | Partial<
        Pick<
          Brand,
          'name' | 'tagline' | 'primaryColor' | 'contactEmail' | 'contactPhone' | 'postalAddress'
        >
      >
    | undefined;
}): Brand {
  const contactEmail = options.mailFrom ? emailAddressOf(options.mailFrom) : null;
  return {
    ...DEFAULT_BRAND,
    ...(options.publicBaseUrl ? { websiteUrl: options.publicBaseUrl } : {}),
    ...(contactEmail ? { contactEmail } : {}),
    ...(options.station?.address ? { postalAddress: options.station.address } : {}),
    ...options.brand,
  };
}
