import type { Messages } from '../translation.js';

/** Portuguese announcements and error texts (loaded with the open flow). */
const pt: Messages = {
  loading: 'Abrindo o Pluggy Connect…',
  opened: 'Pluggy Connect aberto',
  connected: 'Conta conectada',
  error: 'Não foi possível conectar: {message}',
  errors: {
    TOKEN_FETCH_FAILED: 'não foi possível iniciar a conexão. Tente novamente.',
    UNAUTHENTICATED: 'entre na sua conta e tente novamente.',
    TOKEN_EXPIRED: 'a sessão de conexão expirou. Tente novamente.',
    WIDGET_LOAD_TIMEOUT: 'o Pluggy Connect demorou demais para abrir. Tente novamente.',
    WIDGET_ERROR: 'a instituição informou um erro.',
    CALLBACK_FAILED: 'a conta foi conectada, mas não foi registrada. Tente novamente.',
    INVALID_CONFIG: 'o botão está configurado incorretamente.',
    ALREADY_OPEN: 'o Pluggy Connect já está aberto.',
  },
};
export default pt;
