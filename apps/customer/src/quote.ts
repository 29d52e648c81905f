import { useQuery } from '@tanstack/react-query';
import {
  computeQuote,
  quoteRequestSchema,
  type QuoteComputation,
  type Settings,
} from '@teppan/core';
import { useEffect, useState } from 'react';
import { ApiError, fetchQuote, type QuoteRequestBody } from './api.ts';
import { nonZero, signatureOf } from './draft.ts';

export type QuoteInputs = {
  adults: number;
  children: number;
  toddlers: number;
  proteins: QuoteRequestBody['proteins'];
  extraProteins: QuoteRequestBody['extraProteins'];
  addons: QuoteRequestBody['addons'];
  zip: string;
  address: string;
  eventDate?: string | null;
};

export function toQuoteRequest(inputs: QuoteInputs): QuoteRequestBody {
  const address = inputs.address.trim();
  return {
    adults: inputs.adults,
    children: inputs.children,
    toddlers: inputs.toddlers,
    proteins: nonZero(inputs.proteins ?? {}),
    extraProteins: nonZero(inputs.extraProteins ?? {}),
    addons: nonZero(inputs.addons ?? {}),
    venue: { zip: inputs.zip.trim(), ...(address ? { address } : {}) },
    ...(inputs.eventDate ? { eventDate: inputs.eventDate } : {}),
  };
}

/** The request, if the shared schema from @teppan/core accepts it; else the first problem. */
export function validateQuoteRequest(
  body: QuoteRequestBody,
): { ok: true } | { ok: false; message: string; path: string } {
  const parsed = quoteRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: issue?.message ?? 'Check the form.',
    path: issue?.path.join('.') ?? '',
  };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  const key = signatureOf(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
    // The signature captures every change of the value.
  }, [key, ms]);
  return debounced;
}

function retryAfterSeconds(error: unknown): number {
  const details =
    error instanceof ApiError ? (error.details as { retryAfterSeconds?: unknown }) : null;
  const seconds = details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : 10;
}

/**
 * The live quote: the shared engine runs in the browser on every change; the server's
 * stored quote (debounced) supplies the travel distance and is the truth for the total.
 */
export function useLiveQuote(options: {
  inputs: QuoteInputs;
  settings: Settings;
  debounceMs?: number;
}) {
  const request = toQuoteRequest(options.inputs);
  const validity = validateQuoteRequest(request);
  const debounced = useDebounced(request, options.debounceMs ?? 400);
  const debouncedSignature = signatureOf(debounced);
  const requestSignature = signatureOf(request);
  const canSend = validateQuoteRequest(debounced).ok;
  const server = useQuery({
    queryKey: ['quote', debouncedSignature],
    queryFn: ({ signal }) => fetchQuote(debounced, signal),
    enabled: canSend,
    staleTime: Infinity,
    // Rate limited (public writes are capped per network): the browser's own figure stays on
    // screen, and the server quote is asked again once the limit allows it.
    retry: (failures, error) => failures < 2 && error instanceof ApiError && error.status === 429,
    retryDelay: (_failures, error) => 1000 * Math.min(60, retryAfterSeconds(error)),
    placeholderData: (previous) => previous,
  });
  const serverQuote = server.data ?? null;
  const sameVenue =
    serverQuote !== null &&
    serverQuote.venue.zip === request.venue.zip &&
    (serverQuote.venue.address ?? '') === (request.venue.address ?? '');
  const travel = sameVenue
    ? { miles: serverQuote.travel.miles, source: serverQuote.travel.source }
    : null;
  const local: QuoteComputation = computeQuote({
    input: request,
    settings: options.settings,
    travel: travel ?? { miles: 0, source: 'estimate' },
  });
  const isServerCurrent =
    serverQuote !== null && debouncedSignature === requestSignature && !server.isPlaceholderData;
  return {
    request,
    requestSignature,
    validity,
    local,
    travelKnown: travel !== null,
    serverQuote,
    isServerCurrent,
    isServerPending: canSend && (server.isFetching || debouncedSignature !== requestSignature),
    serverError: server.error,
    agrees: isServerCurrent && serverQuote.totalCents === local.totalCents,
  };
}

export type LiveQuote = ReturnType<typeof useLiveQuote>;
