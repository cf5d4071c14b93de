/** Money in Indian rupees, shown with Indian digit grouping (₹2,68,500; ₹3,450.50). */
const whole = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });
const paise = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatInr(amount: number): string {
  if (!Number.isFinite(amount)) return '—';
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const hasPaise = Math.round(abs * 100) % 100 !== 0;
  return `${sign}₹${hasPaise ? paise.format(abs) : whole.format(Math.round(abs))}`;
}

/** `null`/`undefined` stay visible as a dash rather than ₹0, which would be a claim. */
export function formatInrOrDash(amount: number | null | undefined): string {
  return amount == null ? '—' : formatInr(amount);
}
