import { estimateDrivingMiles } from '@teppan/core';
import type { DistanceProvider, DrivingMilesRequest } from './distance.types.ts';

export const DEFAULT_CIRCUITY_FACTOR = 1.25;

export interface EstimateProviderOptions {
  /** Roads are longer than the straight line; SPEC §3 uses 1.25. */
  circuityFactor?: number;
}

/** Offline fallback: never fails, so a quote can always be made (marked estimated). */
export class EstimateProvider implements DistanceProvider {
  readonly source = 'estimate' as const;
  readonly circuityFactor: number;

  constructor(options: EstimateProviderOptions = {}) {
    const factor = options.circuityFactor ?? DEFAULT_CIRCUITY_FACTOR;
    if (!Number.isFinite(factor) || factor < 1) {
      throw new RangeError(`circuityFactor must be a finite number >= 1, got ${factor}`);
    }
    this.circuityFactor = factor;
  }

  estimateMiles(req: Pick<DrivingMilesRequest, 'from' | 'to'>): number {
    return estimateDrivingMiles({
      from: req.from,
      to: req.to,
      circuityFactor: this.circuityFactor,
    });
  }

  drivingMiles(req: DrivingMilesRequest): Promise<{ miles: number }> {
    return Promise.resolve({ miles: this.estimateMiles(req) });
  }
}
