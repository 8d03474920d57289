import type { Labels } from './translation.js';

/** Portuguese labels of the button itself (in the initial file). */
const pt: Labels = {
  connect: 'Conectar conta bancária',
  update: 'Atualizar conexão',
  required: 'Conecte uma conta bancária para continuar.',
  loadFailed: 'O Pluggy Connect não carregou. Tente novamente.',
};
export default pt;
