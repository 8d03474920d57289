/** The fictional account holder of an item, shared by accounts and identity. */
import { pick, type Random } from '../ids.js';

export interface Owner {
  fullName: string;
  taxNumber: string;
  business: boolean;
}

const FIRST_NAMES = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Elisa',
  'Fábio',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
];
const LAST_NAMES = ['Silva', 'Souza', 'Oliveira', 'Santos', 'Pereira', 'Costa', 'Almeida', 'Ferreira'];
const COMPANIES = [
  'Padaria Bom Pão Ltda',
  'Oficina Rápida ME',
  'Studio Criativo Eireli',
  'Mercadinho Central Ltda',
];

const digits = (random: Random, count: number) =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

export function createOwner(random: Random, business: boolean): Owner {
  if (business) return { fullName: pick(random, COMPANIES), taxNumber: digits(random, 14), business };
  return {
    fullName: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)} ${pick(random, LAST_NAMES)}`,
    taxNumber: digits(random, 11),
    business,
  };
}
