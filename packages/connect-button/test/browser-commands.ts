// Web Test Runner's built-in commands, run by the Node side on the browser page (its emulate-media plugin is
// always installed). This is what @web/test-runner-commands sends; that package is not a dependency here.
interface CommandResponse {
  executed: boolean;
  result?: unknown;
}
interface WebSocketModule {
  sendMessageWaitForResponse(message: Record<string, unknown>): Promise<CommandResponse>;
}

async function executeServerCommand(command: string, payload: unknown): Promise<unknown> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  if (!sessionId) throw new Error('not a page run by the test runner');
  const socketModule = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(/* @vite-ignore */ socketModule)) as WebSocketModule;
  const response = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!response.executed) throw new Error(`the test runner has no ${command} command`);
  return response.result;
}

/** Emulates media features for the page (Playwright's `page.emulateMedia`); `null` ends the emulation. */
export async function emulateMedia(media: {
  colorScheme?: 'light' | 'dark' | null;
  reducedMotion?: 'reduce' | 'no-preference' | null;
}): Promise<void> {
  await executeServerCommand('emulate-media', media);
}
