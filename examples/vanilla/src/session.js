// Demo sign-in (served by the token server's CLI only): two users show that each sees only their own
// connections. A real site uses its own authentication instead.
import { api } from './api.js';

export function createSessionSwitcher({ root, attempt, onChange }) {
  const signedInAs = root.querySelector('.signed-in-as');
  const signOutButton = root.querySelector('.sign-out');

  function show(user) {
    signedInAs.textContent = user ? `Signed in as ${user}` : 'Signed out';
    root.dataset.user = user ?? '';
    signOutButton.hidden = !user;
    for (const button of root.querySelectorAll('[data-sign-in]')) {
      button.setAttribute('aria-pressed', String(button.dataset.signIn === user));
    }
    return onChange(user);
  }

  for (const button of root.querySelectorAll('[data-sign-in]')) {
    button.addEventListener('click', () =>
      attempt('Could not sign in', async () => {
        await api.signIn(button.dataset.signIn);
        await show(button.dataset.signIn);
      }),
    );
  }
  signOutButton.addEventListener('click', () =>
    attempt('Could not sign out', async () => {
      await api.signOut();
      await show(null);
    }),
  );
  // data-state="ready": the first session read is done and the buttons are wired (tests wait for it).
  return attempt('Could not read the session', async () => show((await api.session()).user)).finally(
    () => (root.dataset.state = 'ready'),
  );
}
