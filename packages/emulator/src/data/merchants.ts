/** Transaction templates: what a Brazilian statement looks like (description, category, direction). */
export interface TransactionTemplate {
  description: string;
  category: string;
  categoryId: string;
  type: 'DEBIT' | 'CREDIT';
  operationType: string | null;
  min: number;
  max: number;
}

export const BANK_TEMPLATES: readonly TransactionTemplate[] = [
  {
    description: 'SALARIO',
    category: 'Salary',
    categoryId: '01010000',
    type: 'CREDIT',
    operationType: 'TED',
    min: 3000,
    max: 9000,
  },
  {
    description: 'PIX RECEBIDO',
    category: 'Transfer - PIX',
    categoryId: '05070000',
    type: 'CREDIT',
    operationType: 'PIX',
    min: 20,
    max: 800,
  },
  {
    description: 'PIX ENVIADO',
    category: 'Transfer - PIX',
    categoryId: '05070000',
    type: 'DEBIT',
    operationType: 'PIX',
    min: 15,
    max: 600,
  },
  {
    description: 'PAGAMENTO BOLETO CONDOMINIO',
    category: 'Housing',
    categoryId: '12000000',
    type: 'DEBIT',
    operationType: 'BOLETO',
    min: 300,
    max: 900,
  },
  {
    description: 'CONTA DE LUZ ENEL',
    category: 'Electricity',
    categoryId: '12010000',
    type: 'DEBIT',
    operationType: 'BOLETO',
    min: 90,
    max: 350,
  },
  {
    description: 'SUPERMERCADO PAO DE ACUCAR',
    category: 'Groceries',
    categoryId: '10000000',
    type: 'DEBIT',
    operationType: 'CARTAO',
    min: 40,
    max: 700,
  },
  {
    description: 'FARMACIA DROGASIL',
    category: 'Pharmacy',
    categoryId: '14020000',
    type: 'DEBIT',
    operationType: 'CARTAO',
    min: 15,
    max: 250,
  },
  {
    description: 'TARIFA PACOTE SERVICOS',
    category: 'Bank fees',
    categoryId: '16000000',
    type: 'DEBIT',
    operationType: 'TARIFA',
    min: 19.9,
    max: 49.9,
  },
  {
    description: 'RENDIMENTO POUPANCA',
    category: 'Investments income',
    categoryId: '03000000',
    type: 'CREDIT',
    operationType: null,
    min: 1,
    max: 60,
  },
];

export const CARD_TEMPLATES: readonly TransactionTemplate[] = [
  {
    description: 'IFOOD *RESTAURANTE',
    category: 'Food delivery',
    categoryId: '11010000',
    type: 'DEBIT',
    operationType: null,
    min: 25,
    max: 180,
  },
  {
    description: 'UBER *TRIP',
    category: 'Taxi and ride-hailing',
    categoryId: '19020000',
    type: 'DEBIT',
    operationType: null,
    min: 9,
    max: 90,
  },
  {
    description: 'NETFLIX.COM',
    category: 'Video streaming',
    categoryId: '13010000',
    type: 'DEBIT',
    operationType: null,
    min: 39.9,
    max: 59.9,
  },
  {
    description: 'AMAZON MARKETPLACE',
    category: 'Online shopping',
    categoryId: '08000000',
    type: 'DEBIT',
    operationType: null,
    min: 30,
    max: 900,
  },
  {
    description: 'POSTO SHELL',
    category: 'Gas stations',
    categoryId: '19050000',
    type: 'DEBIT',
    operationType: null,
    min: 80,
    max: 350,
  },
  {
    description: 'PAGAMENTO RECEBIDO',
    category: 'Credit card payment',
    categoryId: '05100000',
    type: 'CREDIT',
    operationType: null,
    min: 500,
    max: 3000,
  },
];
