/**
 * The agent's sign-in as a browser test drives it: Sign in pressed in the toolbar, then the development OpenID
 * provider's own pages (oidc-provider's login and consent, dev/oidc/devProvider.mjs) in the pop-up the toolbar opens,
 * until the pop-up has closed and the toolbar names the agent.
 */
import type { FusionPage } from './fusionPage';

/** Presses Sign in in the toolbar and goes through the provider's login and consent pages in the pop-up. */
export async function signInAs(fusion: FusionPage, agent: string): Promise<void> {
  const toolbar = fusion.toolbar();
  await toolbar.getByText('Phone sign-in: not signed in').waitFor({ timeout: 20000 });
  const popupOpened = fusion.page.waitForEvent('popup');
  await toolbar.getByRole('button', { name: 'Sign in' }).click();
  const popup = await popupOpened;
  await popup.locator('input[name="login"]').fill(agent);
  await popup.locator('input[name="password"]').fill('any password');
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  // offline_access (a refresh token) asks for consent. The window then closes at once, possibly before the click
  // returns: listen for that first.
  const closed = popup.waitForEvent('close');
  await popup
    .getByRole('button', { name: 'Continue' })
    .click()
    .catch((error: unknown) => {
      if (!popup.isClosed()) throw error;
    });
  await closed;
  await toolbar.getByText(`Phone sign-in: ${agent}`).waitFor();
}
