import type { Messages } from '../translation.js';

/** Spanish announcements and error texts (loaded with the open flow). */
const es: Messages = {
  loading: 'Abriendo Pluggy Connect…',
  opened: 'Pluggy Connect abierto',
  connected: 'Cuenta conectada',
  error: 'No se pudo conectar: {message}',
  errors: {
    TOKEN_FETCH_FAILED: 'no se pudo iniciar la conexión. Inténtalo de nuevo.',
    UNAUTHENTICATED: 'inicia sesión e inténtalo de nuevo.',
    TOKEN_EXPIRED: 'la sesión de conexión expiró. Inténtalo de nuevo.',
    WIDGET_LOAD_TIMEOUT: 'Pluggy Connect tardó demasiado en abrir. Inténtalo de nuevo.',
    WIDGET_ERROR: 'la institución informó un error.',
    CALLBACK_FAILED: 'la cuenta se conectó pero no se registró. Inténtalo de nuevo.',
    INVALID_CONFIG: 'el botón está mal configurado.',
    ALREADY_OPEN: 'Pluggy Connect ya está abierto.',
  },
};
export default es;
