/** Bodies of the item routes. Unknown top-level fields are tolerated, as the SDK sends extras (e.g. `id`). */
import { z } from 'zod';

export const PRODUCT_TYPES = [
  'ACCOUNTS',
  'CREDIT_CARDS',
  'TRANSACTIONS',
  'PAYMENT_DATA',
  'INVESTMENTS',
  'INVESTMENTS_TRANSACTIONS',
  'IDENTITY',
  'BROKERAGE_NOTE',
  'MOVE_SECURITY',
  'LOANS',
  'ACCOUNT_STATEMENTS',
] as const;

const parameters = z.record(z.string(), z.string(), {
  error: 'parameters must be an object of strings (encrypted parameters are not supported by the emulator)',
});

export const createItemSchema = z.looseObject({
  connectorId: z.number().int().nonnegative(),
  parameters,
  webhookUrl: z.string().max(2048).nullable().optional(),
  clientUserId: z.string().max(256).nullable().optional(),
  products: z.array(z.enum(PRODUCT_TYPES)).min(1).optional(),
  avoidDuplicates: z.boolean().optional(),
  oauthRedirectUri: z.string().max(2048).optional(),
});

export const updateItemSchema = z.looseObject({
  parameters: parameters.optional(),
  webhookUrl: z.string().max(2048).nullable().optional(),
  clientUserId: z.string().max(256).nullable().optional(),
  products: z.array(z.enum(PRODUCT_TYPES)).min(1).optional(),
});

export const mfaSchema = z.record(z.string(), z.string());
