import type { Labels } from './translation.js';

/** English labels of the button itself (in the initial file). */
const en: Labels = {
  connect: 'Connect bank account',
  update: 'Update connection',
  required: 'Connect a bank account to continue.',
  loadFailed: 'Pluggy Connect did not load. Please try again.',
};
export default en;
