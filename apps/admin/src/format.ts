export function formatCents(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

const statusLabels: Record<string, string> = {
  pending_deposit: 'Waiting for deposit',
  confirmed: 'Confirmed',
  cancellation_requested: 'Cancellation requested',
  cancelled: 'Cancelled',
  in_progress: 'In progress',
  completed: 'Completed',
  no_show: 'No-show',
};

export function statusLabel(status: string): string {
  return statusLabels[status] ?? status.replace(/_/g, ' ');
}

const paymentMethodLabels: Record<string, string> = {
  zelle: 'Zelle',
  venmo: 'Venmo',
  cash: 'cash',
  check: 'check',
  card: 'card',
};

export function methodLabel(method: string): string {
  return paymentMethodLabels[method] ?? method;
}

/** A line under a timeline event for the events whose data staff act on; null otherwise. */
export function timelineDetail(event: { type: string; data?: unknown }): string | null {
  if (event.data === null || typeof event.data !== 'object') return null;
  const data = event.data as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  if (event.type === 'deposit_reported') {
    const confirmBy = text(data.confirmBy);
    return `${data.correction ? 'Corrected: ' : ''}customer says paid by ${methodLabel(text(data.method) ?? '')}, reference “${text(data.reference) ?? ''}”${confirmBy ? `; confirm by ${formatDateTime(confirmBy)}` : ''}`;
  }
  if (event.type === 'cancelled') return text(data.reason);
  return null;
}
