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
