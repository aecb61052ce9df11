import type { AxiosStatic } from 'axios';
import type axiosRetryModule from 'axios-retry';

/** axios and axios-retry, loaded together. @internal */
export interface AxiosRuntime {
  axios: AxiosStatic;
  axiosRetry: typeof axiosRetryModule;
}

let loading: Promise<AxiosRuntime> | undefined;

/**
 * Loads axios on first use instead of at import time. axios and its dependencies cost about as much to
 * import as the rest of omnihost together, and a program that only builds configs, reads the
 * capabilities or formats errors never needs them (the `import` benchmark).
 * @internal
 */
export function loadAxios(): Promise<AxiosRuntime> {
  loading ??= Promise.all([import('axios'), import('axios-retry')]).then(([axiosModule, retryModule]) => ({
    axios: interopDefault<AxiosStatic>(axiosModule),
    axiosRetry: interopDefault<typeof axiosRetryModule>(retryModule),
  }));
  return loading;
}

/** ESM and CJS builds expose a default export differently (`m.default` vs `m.default.default`). */
function interopDefault<T>(module: unknown): T {
  let value = (module as { default?: unknown }).default ?? module;
  if (typeof value !== 'function' && value && typeof (value as { default?: unknown }).default === 'function') {
    value = (value as { default: unknown }).default;
  }
  return value as T;
}

/** True for errors axios raises (duck-typed, so no import is needed to check). @internal */
export function isAxiosError(error: unknown): error is {
  isAxiosError: true;
  code?: string;
  message: string;
  cause?: unknown;
  response?: { status: number; headers: unknown; data: unknown };
  config?: Record<string, unknown>;
} {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}
