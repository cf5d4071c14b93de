/**
 * An amount of rupees as a person types it: "34500", "34,500", "3,45,000.50", "₹ 34,500", "Rs. 500".
 * Refused: zero, negatives, more than 2 decimals, exponents ("1e309"), non-ASCII digits ("١٢٣"),
 * and anything over ₹10 crore (a typo, not a collection).
 */
export const MAX_AMOUNT = 10_00_00_000;

export type AmountResult = { ok: true; value: number } | { ok: false; message: string };

export function parseAmount(text: string): AmountResult {
  const raw = text.trim();
  if (!raw) return { ok: false, message: 'Enter the amount recovered, e.g. 34500' };
  const cleaned = raw.replace(/^(₹|rs\.?|inr)\s*/i, '').replace(/\s+/g, '');
  if (!/^\d{1,3}(,\d{2,3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(cleaned)) {
    if (/^[-−]/.test(cleaned)) return { ok: false, message: 'The amount must be more than ₹0' };
    return { ok: false, message: 'Enter digits only, e.g. 34500 or 34,500.50' };
  }
  const [whole = '', paise] = cleaned.replace(/,/g, '').split('.');
  if (paise !== undefined && paise.length > 2) return { ok: false, message: 'At most 2 decimals (paise)' };
  const value = Number(`${whole}.${paise ?? '0'}`);
  if (!Number.isFinite(value) || value <= 0) return { ok: false, message: 'The amount must be more than ₹0' };
  if (value > MAX_AMOUNT) return { ok: false, message: 'That is more than ₹10,00,00,000: check the amount' };
  return { ok: true, value: Math.round(value * 100) / 100 };
}
