import type { ComplexAttributeConverter } from 'lit';

// Converters keep a value they cannot parse as the raw string, so that `readConfig` reports it instead of
// dropping it silently.

/** Absent -> undefined (the widget's default), `""`/`"true"` -> true, `"false"` -> false. */
export const optionalBoolean: ComplexAttributeConverter<unknown> = {
  fromAttribute(value) {
    if (value === null) return undefined;
    const normalized = value.trim().toLowerCase();
    if (normalized === '' || normalized === 'true') return true;
    if (normalized === 'false') return false;
    return value;
  },
};

/** `"a b"`, `"a,b"` and `"a, b"` all give `['a', 'b']`. */
export const list: ComplexAttributeConverter<unknown> = {
  fromAttribute(value) {
    if (value === null) return undefined;
    return value.split(/[\s,]+/).filter(Boolean);
  },
};

export const optionalNumber: ComplexAttributeConverter<unknown> = {
  fromAttribute(value) {
    if (value === null || value.trim() === '') return undefined;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : value;
  },
};
