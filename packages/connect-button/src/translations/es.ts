import type { Labels } from './translation.js';

/** Spanish labels of the button itself (in the initial file). */
const es: Labels = {
  connect: 'Conectar cuenta bancaria',
  update: 'Actualizar conexión',
  required: 'Conecta una cuenta bancaria para continuar.',
  loadFailed: 'Pluggy Connect no cargó. Inténtalo de nuevo.',
};
export default es;
