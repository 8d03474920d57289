/**
 * design.md: "sandbox connectors only outside production". Pluggy has one environment; sandbox means its
 * test connectors (Pluggy Bank, `isSandbox: true`) inside production, so the server has to refuse them.
 */

/** Default of `allowSandboxConnectors`: allowed unless NODE_ENV is `production`. */
export function sandboxAllowedByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production';
}

export function isRefusedSandbox(connector: { isSandbox?: boolean }, sandboxAllowed: boolean): boolean {
  return !sandboxAllowed && connector.isSandbox === true;
}
