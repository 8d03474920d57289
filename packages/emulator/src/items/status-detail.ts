/** `statusDetail` per product for PARTIAL_SUCCESS and for SUCCESS with warnings; null otherwise. */
import type { ProductStatus, StatusDetail } from './item-record.js';

const PRODUCT_FIELDS: [keyof StatusDetail, string][] = [
  ['accounts', 'ACCOUNTS'],
  ['creditCards', 'CREDIT_CARDS'],
  ['transactions', 'TRANSACTIONS'],
  ['investments', 'INVESTMENTS'],
  ['investmentTransactions', 'INVESTMENTS_TRANSACTIONS'],
  ['identity', 'IDENTITY'],
  ['paymentData', 'PAYMENT_DATA'],
  ['loans', 'LOANS'],
  ['accountStatements', 'ACCOUNT_STATEMENTS'],
];

export function statusDetailFor(
  accounts: 'ok' | 'failed' | 'warning',
  products: string[],
  now: string,
): StatusDetail | null {
  if (accounts === 'ok') return null;
  const detail = {} as StatusDetail;
  for (const [field, product] of PRODUCT_FIELDS) {
    detail[field] = products.includes(product) ? { isUpdated: true, lastUpdatedAt: now } : null;
  }
  const accountsStatus: ProductStatus =
    accounts === 'failed'
      ? { isUpdated: false, lastUpdatedAt: null }
      : {
          isUpdated: true,
          lastUpdatedAt: now,
          warnings: [
            {
              code: '001',
              message: 'Some account data could not be retrieved from the institution',
              providerMessage: 'Saldo bloqueado indisponível no momento.',
            },
          ],
        };
  detail.accounts = accountsStatus;
  return detail;
}
