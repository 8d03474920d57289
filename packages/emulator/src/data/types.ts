/** Pluggy's product objects as the emulator serves them (pluggy.md §4; fields of the SDK typings). */
export interface Account {
  id: string;
  itemId: string;
  type: 'BANK' | 'CREDIT';
  subtype: 'CHECKING_ACCOUNT' | 'CREDIT_CARD';
  number: string;
  name: string;
  marketingName: string;
  balance: number;
  owner: string;
  taxNumber: string;
  currencyCode: 'BRL';
  bankData: {
    transferNumber: string;
    closingBalance: number;
    automaticallyInvestedBalance: number;
    overdraftContractedLimit: number;
    overdraftUsedLimit: number;
    unarrangedOverdraftAmount: number;
    /** The SDK types declare both (null when the bank reports no reserved funds). */
    hasReservedBalance: boolean | null;
    reservedBalances: unknown[] | null;
  } | null;
  creditData: {
    level: string;
    brand: string;
    balanceCloseDate: string;
    balanceDueDate: string;
    availableCreditLimit: number;
    balanceForeignCurrency: number;
    minimumPayment: number;
    creditLimit: number;
    isLimitFlexible: boolean;
    status: 'ACTIVE';
    holderType: 'MAIN';
  } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Transaction {
  id: string;
  accountId: string;
  date: string;
  description: string;
  descriptionRaw: string;
  currencyCode: 'BRL';
  amount: number;
  amountInAccountCurrency: number | null;
  balance: number | null;
  category: string;
  categoryId: string;
  type: 'DEBIT' | 'CREDIT';
  status: 'PENDING' | 'POSTED';
  providerCode: string;
  providerId: string;
  operationType: string | null;
  operationTypeAdditionalInfo: string | null;
  paymentData: null;
  creditCardMetadata: {
    installmentNumber: number;
    totalInstallments: number;
    totalAmount: number;
    purchaseDate: string;
    cardNumber: string;
  } | null;
  merchant: null;
  createdAt: string;
  updatedAt: string;
}

export interface Identity {
  id: string;
  itemId: string;
  fullName: string;
  document: string;
  documentType: 'CPF' | 'CNPJ';
  taxNumber: string;
  birthDate: string;
  jobTitle: string | null;
  companyName: string | null;
  emails: { type: 'Personal'; value: string }[];
  phoneNumbers: { type: 'Personal'; value: string }[];
  addresses: {
    type: 'Personal';
    fullAddress: string;
    primaryAddress: string;
    city: string;
    postalCode: string;
    state: string;
    country: string;
  }[];
  relations: never[];
  createdAt: string;
  updatedAt: string;
}

export interface Investment {
  id: string;
  itemId: string;
  type: 'FIXED_INCOME' | 'MUTUAL_FUND' | 'EQUITY';
  subtype: string;
  name: string;
  code: string | null;
  isin: string | null;
  number: string;
  owner: string;
  currencyCode: 'BRL';
  date: string;
  balance: number;
  amount: number;
  amountOriginal: number;
  amountProfit: number;
  amountWithdrawal: number;
  quantity: number;
  value: number;
  annualRate: number | null;
  rate: number | null;
  rateType: string | null;
  lastMonthRate: number | null;
  lastTwelveMonthsRate: number | null;
  issuer: string | null;
  issueDate: string | null;
  dueDate: string | null;
  taxes: number;
  status: 'ACTIVE';
  createdAt: string;
  updatedAt: string;
}

/** Everything one item's successful sync produced. */
export interface ItemData {
  accounts: Account[];
  transactions: Transaction[];
  identity: Identity | null;
  investments: Investment[];
}
