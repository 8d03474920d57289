import { ref } from 'vue';
import { ApiError } from '../api';

export interface ShownError {
  message: string;
  code: string;
  retry?: () => void;
}

const shown = ref<ShownError | null>(null);

/** One error banner for the page: each failure is shown with a Retry that runs the same action again. */
export function useErrors() {
  async function attempt(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      shown.value = { message: `${what}: ${message}`, code, retry: () => void attempt(what, action) };
    }
  }
  const show = (error: ShownError) => (shown.value = error);
  const dismiss = () => (shown.value = null);
  return { shown, attempt, show, dismiss };
}
