import { ApiError } from './api';

export interface ShownError {
  message: string;
  code: string;
  retry?: () => void;
}

/** One error banner for the page: each failure is shown with a Retry that runs the same action again. */
class PageErrors {
  shown = $state<ShownError | null>(null);

  attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      this.shown = { message: `${what}: ${message}`, code, retry: () => void this.attempt(what, action) };
    }
  };

  show = (error: ShownError) => {
    this.shown = error;
  };

  dismiss = () => {
    this.shown = null;
  };

  retry = () => {
    const retry = this.shown?.retry;
    this.shown = null;
    retry?.();
  };
}

export const errors = new PageErrors();
