import { runFleetCli } from '../../src/index.js';

/** Runs the fleet command in this process, as the binary would, and returns its exit code and output. */
export async function fleetCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runFleetCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    signal,
  });
  return { code, stdout, stderr };
}
