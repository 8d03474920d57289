/** Amounts in reais with two decimals, as Pluggy sends them. */
export const cents = (value: number): number => Math.round(value * 100) / 100;
