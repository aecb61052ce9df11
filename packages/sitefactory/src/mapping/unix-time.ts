/** A Date from unix seconds; `0`, negative or missing (a WIP field not reached yet) is `undefined`. @internal */
export function fromUnixSeconds(value: number | undefined): Date | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? new Date(value * 1000) : undefined;
}
