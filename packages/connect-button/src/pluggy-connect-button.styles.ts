import { css } from 'lit';

export const buttonStyles = css`
  :host {
    --pluggy-button-background: #c4112f;
    --pluggy-button-hover-background: #a30d27;
    --pluggy-button-color: #fff;
    --pluggy-button-border: 1px solid transparent;
    --pluggy-button-radius: 8px;
    --pluggy-button-padding: 0.625em 1.25em;
    --pluggy-button-font: 600 1rem/1.25 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --pluggy-button-focus-ring: 0 0 0 3px #fff, 0 0 0 5px #c4112f;
    --pluggy-button-gap: 0.5em;
    display: inline-block;
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --pluggy-button-background: #ff6b84;
      --pluggy-button-hover-background: #ff8a9d;
      --pluggy-button-color: #1b0a0e;
      --pluggy-button-focus-ring: 0 0 0 3px #1b0a0e, 0 0 0 5px #ff6b84;
    }
  }

  :host([theme='dark']) {
    --pluggy-button-background: #ff6b84;
    --pluggy-button-hover-background: #ff8a9d;
    --pluggy-button-color: #1b0a0e;
    --pluggy-button-focus-ring: 0 0 0 3px #1b0a0e, 0 0 0 5px #ff6b84;
  }

  :host([hidden]) {
    display: none;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--pluggy-button-gap);
    width: 100%;
    margin: 0;
    padding: var(--pluggy-button-padding);
    border: var(--pluggy-button-border);
    border-radius: var(--pluggy-button-radius);
    background: var(--pluggy-button-background);
    color: var(--pluggy-button-color);
    font: var(--pluggy-button-font);
    cursor: pointer;
    transition: background-color 150ms ease;
  }

  button:hover:not(:disabled) {
    background: var(--pluggy-button-hover-background);
  }

  button:focus-visible {
    outline: 2px solid transparent;
    box-shadow: var(--pluggy-button-focus-ring);
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  button[aria-busy='true'] {
    cursor: progress;
  }

  .icon {
    display: inline-flex;
  }

  .icon svg {
    width: 1.1em;
    height: 1.1em;
  }

  [part='spinner'] {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
    [part='spinner'] {
      animation: none;
      border-right-color: currentColor;
      opacity: 0.6;
    }
  }
`;
