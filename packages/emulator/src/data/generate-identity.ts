/** The account holder's identity (GET /identity?itemId). */
import { DAY_MS, toIso } from '../dates.js';
import { pick, uuidFrom, type Random } from '../ids.js';
import type { Owner } from './owner.js';
import type { Identity } from './types.js';

const CITIES = [
  { city: 'São Paulo', state: 'SP', street: 'Avenida Paulista' },
  { city: 'Rio de Janeiro', state: 'RJ', street: 'Rua Voluntários da Pátria' },
  { city: 'Belo Horizonte', state: 'MG', street: 'Avenida Afonso Pena' },
  { city: 'Porto Alegre', state: 'RS', street: 'Rua dos Andradas' },
];

export function generateIdentity(itemId: string, owner: Owner, random: Random, nowMs: number): Identity {
  const place = pick(random, CITIES);
  const number = Math.floor(random() * 2000 + 1);
  const postalCode = String(Math.floor(random() * 90000000 + 10000000));
  const handle = owner.fullName
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  const now = toIso(nowMs);
  return {
    id: uuidFrom(random),
    itemId,
    fullName: owner.fullName,
    document: owner.taxNumber,
    documentType: owner.business ? 'CNPJ' : 'CPF',
    taxNumber: owner.taxNumber,
    birthDate: toIso(nowMs - Math.floor((25 + random() * 40) * 365) * DAY_MS),
    jobTitle: owner.business ? null : 'Analista',
    companyName: owner.business ? owner.fullName : null,
    emails: [{ type: 'Personal', value: `${handle}@example.com` }],
    phoneNumbers: [{ type: 'Personal', value: `+55 11 9${Math.floor(random() * 90000000 + 10000000)}` }],
    addresses: [
      {
        type: 'Personal',
        fullAddress: `${place.street}, ${number}, ${place.city} - ${place.state}, ${postalCode}`,
        primaryAddress: `${place.street}, ${number}`,
        city: place.city,
        postalCode,
        state: place.state,
        country: 'Brasil',
      },
    ],
    relations: [],
    createdAt: now,
    updatedAt: now,
  };
}
